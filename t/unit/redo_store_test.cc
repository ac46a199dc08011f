// redo_store_test.cc — .redo/ itself: where records live, records, source hashes,
// locks, run directories, the jobserver and the wait-for graph.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "redo/cycle.h"
#include "redo/jobserver.h"
#include "redo/store.h"
#include "sha256.h"

using namespace rb::redo;
using rbtest::ScratchDir;

static bool exists(const std::string& p) {
    struct stat st;
    return lstat(p.c_str(), &st) == 0;
}

TEST_CASE("a record lives in the .redo/ of its file's own directory") {
    ScratchDir d;
    mkdir((d / "sub").c_str(), 0777);
    Store store(d.path());
    Record r;
    r.kind = Record::Target;
    r.fp = "-";
    store.save("sub/t", r);
    CHECK(exists(d / "sub/.redo/rec/t"));
    CHECK_FALSE(exists(d / ".redo"));
    // a source in a directory without targets gets no state there
    rbtest::write_file(d / "s", "x");
    struct stat st;
    REQUIRE(store.stat_key("s", st));
    CHECK(store.source_state("s", st, nullptr).hash == rb::sha256_hex("x"));
    CHECK_FALSE(exists(d / ".redo"));
    // the old layout (one .redo/ at the top, marked "redobox") is dropped;
    // what it built stays a target, out of date
    mkdir((d / "old").c_str(), 0777);
    mkdir((d / "old/.redo").c_str(), 0777);
    mkdir((d / "old/.redo/db").c_str(), 0777);
    rbtest::write_file(d / "old/.redo/redobox", "redobox redo state, format 1\n");
    rbtest::write_file(d / "old/.redo/db/t", "redo-target1 r v 1.2\n");
    rbtest::write_file(d / "old/.redo/db/s", "redo-source1 1.2 abc\n");
    Record migrated = store.load("old/t");
    CHECK(migrated.kind == Record::Target);
    CHECK(migrated.fp == "old");
    CHECK(store.load("old/s").kind == Record::None);
    CHECK_FALSE(exists(d / "old/.redo/db"));
    CHECK_FALSE(exists(d / "old/.redo/redobox"));
}

TEST_CASE("records are saved, loaded and forgotten") {
    ScratchDir d;
    Store store(d.path());
    mkdir((d / "a").c_str(), 0777);
    CHECK(store.load("a/b").kind == Record::None);
    Record r;
    r.kind = Record::Target;
    r.run = "r";
    r.version = "v";
    r.fp = "-";
    store.save("a/b", r);
    CHECK(store.load("a/b").kind == Record::Target);
    CHECK(store.load("a/b").version == "v");
    CHECK(exists(d / "a/.redo/rec/b"));
    store.forget("a/b");
    CHECK(store.load("a/b").kind == Record::None);
    CHECK_NOTHROW(store.forget("a/b"));
}

TEST_CASE("a source's hash comes from its record while its fingerprint holds") {
    ScratchDir d;
    Store store(d.path());
    mkdir((d / ".redo").c_str(), 0777);  // a directory that holds targets
    rbtest::write_file(d / "src", "one");
    struct stat st;
    REQUIRE(store.stat_key("src", st));
    // first sight without create: the hash, but no record made
    CHECK(store.source_state("src", st, nullptr, false).hash == rb::sha256_hex("one"));
    CHECK(store.load("src").kind == Record::None);
    Store::SourceState s = store.source_state("src", st, nullptr);
    CHECK(s.hash == rb::sha256_hex("one"));
    Record rec = store.load("src");
    CHECK(rec.kind == Record::Source);
    CHECK(rec.hash == s.hash);
    // a record that claims another hash for this very fingerprint is believed
    rec.fp = rb::redo::fingerprint(st);
    rec.hash = "claimed";
    CHECK(store.source_state("src", st, &rec).hash == "claimed");
    // a different fingerprint means hashing again
    rbtest::write_file(d / "src", "two");
    REQUIRE(store.stat_key("src", st));
    CHECK(store.source_state("src", st, &rec).hash == rb::sha256_hex("two"));
    CHECK(store.load("src").hash == rb::sha256_hex("two"));
    mkdir((d / "dir").c_str(), 0777);
    REQUIRE(store.stat_key("dir", st));
    CHECK(store.source_state("dir", st, nullptr).hash == "dir");
}

TEST_CASE("a target lock excludes every other holder, and dies with it") {
    ScratchDir d;
    Store store(d.path());
    CHECK_FALSE(store.lock_busy("t"));
    TargetLock a, b;
    REQUIRE(a.try_lock(store, "t"));
    CHECK(store.lock_busy("t"));
    CHECK_FALSE(b.try_lock(store, "t"));
    pid_t pid = fork();
    if (pid == 0) {
        TargetLock c;
        _exit(c.try_lock(store, "t") ? 1 : 0);
    }
    int ws;
    waitpid(pid, &ws, 0);
    CHECK(WEXITSTATUS(ws) == 0);
    a.unlock();
    CHECK_FALSE(store.lock_busy("t"));
    CHECK(b.try_lock(store, "t"));
}

TEST_CASE("a run directory holds N-1 tokens and goes away; dead runs are swept") {
    ScratchDir d;
    std::string runs = runs_root(d.path().c_str());
    mkdir((runs + "/dead").c_str(), 0777);
    rbtest::write_file(runs + "/dead.owner", "");
    std::string path;
    {
        RunDir run(runs, "live", 3);
        path = run.path();
        CHECK(exists(path + "/deps"));
        CHECK_FALSE(exists(runs + "/dead"));
        CHECK_FALSE(exists(runs + "/dead.owner"));
        {
            // a second run does not take this live one for dead
            RunDir other(runs, "other", 1);
            CHECK(other.jobs_fifo().empty());
        }
        CHECK(exists(path));
        Jobserver js(run.jobs_fifo());
        CHECK(js.held() == 1);
        CHECK(js.try_take());
        CHECK(js.try_take());
        CHECK_FALSE(js.try_take());
        CHECK(js.held() == 3);
        js.give_back();
        js.give_back();
        js.give_back();
        CHECK(js.held() == 0);
        js.settle();  // takes one back: a process leaves holding its own
        CHECK(js.held() == 1);
        CHECK(js.try_take());
        CHECK(js.try_take());
        CHECK_FALSE(js.try_take());
        js.settle();
        CHECK(js.held() == 1);
    }
    CHECK_FALSE(exists(path));
    CHECK_FALSE(exists(path + ".owner"));
}

TEST_CASE("without a FIFO the jobserver runs one job") {
    Jobserver js;
    CHECK_FALSE(js.shared());
    CHECK_FALSE(js.try_take());
    js.give_back();
    CHECK(js.held() == 1);
    CHECK(js.fd() == -1);
}

TEST_CASE("the wait-for graph finds the way back that closes a cycle") {
    ScratchDir d;
    WaitGraph g(d.path());
    std::string ab = g.add("a", "b");
    std::string bc = g.add("b", "sub/c");
    std::string bc2 = g.add("b", "sub/c");  // two waiters for one edge
    CHECK(g.path_back("sub/c", "a") == std::vector<std::string>{"a", "b", "sub/c"});
    CHECK(g.path_back("a", "sub/c").empty());
    CHECK(g.path_back("x", "x") == std::vector<std::string>{"x"});
    g.remove("b", bc);
    CHECK(g.path_back("sub/c", "a").size() == 3);
    g.remove("b", bc2);
    CHECK(g.path_back("sub/c", "a").empty());
    g.add("sub/c", "a");
    CHECK(g.path_back("b", "sub/c") == std::vector<std::string>{"sub/c", "a", "b"});
    g.remove("a", ab);
}
