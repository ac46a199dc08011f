// redo_context_test.cc — keys, display names and the environment of a .do;
// the commands that need a .do refuse to run without one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "helpers.h"
#include "redo/context.h"

using namespace rb::redo;

static Context context_at(const std::string& cwd) {
    Context c;
    c.cwd = cwd;
    c.top = "/t";  // /t does not exist: names are taken lexically
    c.start = "/t/sub";
    c.run = "run1";
    return c;
}

TEST_CASE("keys are paths from the top; display is from where the build started") {
    Context c = context_at("/t/sub");
    CHECK(c.key_of("x") == "sub/x");
    CHECK(c.key_of("./x/../y") == "sub/y");
    CHECK(c.key_of("../hello/hello") == "hello/hello");
    CHECK(c.key_of("../../elsewhere/x") == "../elsewhere/x");
    CHECK(c.key_of("/t/a b") == "a b");
    CHECK(c.display("sub/x") == "x");
    CHECK(c.display("hello/hello") == "../hello/hello");
    CHECK_THROWS_AS(c.key_of("."), rb::Error);
    CHECK_THROWS_AS(c.key_of("x/"), rb::Error);
    CHECK_THROWS_AS(c.key_of(".."), rb::Error);
    CHECK_THROWS_AS(c.key_of(""), rb::Error);
    CHECK_THROWS_AS(c.key_of("a\nb"), rb::Error);
}

TEST_CASE("a directory resolves as the kernel walks it: '..' after a symlink") {
    rbtest::ScratchDir d;
    mkdir((d / "y").c_str(), 0777);
    REQUIRE(symlink(".", (d / "y/x").c_str()) == 0);
    Context c;
    c.cwd = d / "y/x/x/x";
    std::string top = d.path().substr(1);
    CHECK(c.key_of("../static") == top + "/static");
    CHECK(c.key_of(c.cwd + "/../static") == top + "/static");
    CHECK(c.key_of("t") == top + "/y/t");
    CHECK(c.key_of("x/t") == top + "/y/t");
}

TEST_CASE("a .do's environment names the build, its target and its log") {
    setenv("REDOBOX_PARENT", "stale", 1);
    Context c = context_at("/t");
    c.depth = 2;
    c.flags.trace = c.flags.keep_going = true;
    c.run_path = "/runs/run1";
    c.jobs_fifo = "/runs/run1/jobs";
    std::vector<std::string> env = c.child_env("sub/x", "/log");
    unsetenv("REDOBOX_PARENT");
    auto has = [&](const std::string& v) { return std::count(env.begin(), env.end(), v) == 1; };
    CHECK(has("REDOBOX_RUN=run1"));
    CHECK(has("REDOBOX_RUNDIR=/runs/run1"));
    CHECK(has("REDOBOX_START=/t/sub"));
    CHECK(has("REDOBOX_PARENT=sub/x"));
    CHECK(has("REDOBOX_DEPS=/log"));
    CHECK(has("REDOBOX_DEPTH=3"));
    CHECK(has("REDOBOX_FLAGS=xk"));
    CHECK(has("REDOBOX_JOBS=/runs/run1/jobs"));
    CHECK_FALSE(has("REDOBOX_PARENT=stale"));
}

TEST_CASE("redo-ifcreate, redo-always and redo-stamp need a .do") {
    REQUIRE_FALSE(Context::inside_build());
    for (const char* name : {"redo-always", "redo-stamp"}) {
        rbtest::RunResult r = rbtest::run(name, {});
        CHECK(r.status == 1);
        CHECK(r.err == std::string(name) + ": no target is being built: run this from a .do script\n");
    }
    rbtest::RunResult r = rbtest::run("redo-ifcreate", {"x"});
    CHECK(r.status == 1);
    CHECK(rbtest::run("redo-always", {"x"}).status == 2);
}
