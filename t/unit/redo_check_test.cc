// redo_check_test.cc — the up-to-date check on hand-made records.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "redo/check.h"

using namespace rb::redo;
using rbtest::ScratchDir;

// A target "t" built from source "s" in run "old"; t's file exists.
namespace {  // test-local: other files have their own Tree
struct Tree {
    ScratchDir d;
    Store store{d.path()};
    Tree() {
        rbtest::write_file(d / "s", "source");
        rbtest::write_file(d / "t", "target");
        rbtest::write_file(d / "t.do", "");
        save_target("t", {source_dep("s"), source_dep("t.do")});
    }
    Dep source_dep(const std::string& key) {
        struct stat st;
        REQUIRE(store.stat_key(key, st));
        Store::SourceState s = store.source_state(key, st, nullptr);
        return Dep{Dep::Source, key, s.fp, s.hash};
    }
    void save_target(const std::string& key, std::vector<Dep> deps, const std::string& stamp = "") {
        Record r;
        r.kind = Record::Target;
        r.run = "old";
        r.version = stamp.empty() ? random_token() : stamp;
        r.stamp = stamp;
        struct stat st;
        r.fp = store.lstat_key(key, st) ? fingerprint(st) : "-";
        r.deps = std::move(deps);
        store.save(key, r);
    }
};
}  // namespace

TEST_CASE("check: clean, touched, changed") {
    Tree tree;
    Checker c(tree.store, "new");
    CHECK(c.check("t").state == Status::Clean);
    CHECK(c.check("t").dep.kind == Dep::Target);
    CHECK(c.check("s").state == Status::Clean);
    CHECK(c.check("s").dep.kind == Dep::Source);
    // a touch changes the fingerprint, not the content
    rbtest::write_file(tree.d / "s", "source");
    c.forget();
    CHECK(c.check("t").state == Status::Clean);
    rbtest::write_file(tree.d / "s", "SOURCE");
    c.forget();
    CHECK(c.check("t").state == Status::Dirty);
}

TEST_CASE("check: the target file itself") {
    Tree tree;
    Checker c(tree.store, "new");
    rbtest::write_file(tree.d / "t", "edited by hand");
    CHECK(c.check("t").state == Status::Dirty);
    unlink((tree.d / "t").c_str());
    c.forget();
    CHECK(c.check("t").state == Status::Dirty);
}

TEST_CASE("check: built in this run is clean whatever changed") {
    Tree tree;
    Checker c(tree.store, "old");
    rbtest::write_file(tree.d / "s", "SOURCE");
    CHECK(c.check("t").state == Status::Clean);
}

TEST_CASE("check: ifcreate, always, missing") {
    Tree tree;
    tree.save_target("t", {Dep{Dep::IfCreate, "appears", "", ""}});
    Checker c(tree.store, "new");
    CHECK(c.check("t").state == Status::Clean);
    rbtest::write_file(tree.d / "appears", "");
    c.forget();
    CHECK(c.check("t").state == Status::Dirty);
    Record r = tree.store.load("t");
    r.deps.clear();
    r.always = true;
    tree.store.save("t", r);
    c.forget();
    CHECK(c.check("t").state == Status::Dirty);
    CHECK(c.check("nothing").state == Status::Missing);
    rbtest::write_file(tree.d / "made.do", "");
    CHECK(c.check("made").state == Status::Dirty);
}

TEST_CASE("check: a target dependency, by version; a stamped one must be built first") {
    Tree tree;
    Checker c(tree.store, "new");
    Dep t = c.check("t").dep;
    rbtest::write_file(tree.d / "u", "u");
    tree.save_target("u", {t});
    CHECK(c.check("u").state == Status::Clean);
    // t rebuilt (a new version): u is out of date
    tree.save_target("t", {tree.source_dep("s")});
    c.forget();
    CHECK(c.check("u").state == Status::Dirty);
    // t out of date and not stamped: so is u, no need to build t first
    t = c.check("t").dep;
    tree.save_target("u", {t});
    rbtest::write_file(tree.d / "s", "SOURCE");
    c.forget();
    CHECK(c.check("u").state == Status::Dirty);
    // t stamped: only building it tells
    tree.save_target("t", {tree.source_dep("s")}, "stamp1");
    c.forget();
    REQUIRE(c.check("t").state == Status::Clean);
    tree.save_target("u", {c.check("t").dep});
    rbtest::write_file(tree.d / "s", "changed again");
    c.forget();
    Status s = c.check("u");
    CHECK(s.state == Status::Need);
    CHECK(s.need == std::vector<std::string>{"t"});
}

TEST_CASE("check: a cycle in old records does not recurse for ever") {
    Tree tree;
    rbtest::write_file(tree.d / "x", "");
    rbtest::write_file(tree.d / "y", "");
    tree.save_target("x", {Dep{Dep::Target, "y", "", "1"}});
    tree.save_target("y", {Dep{Dep::Target, "x", "", "1"}});
    Checker c(tree.store, "new");
    CHECK(c.check("x").state == Status::Dirty);
}
