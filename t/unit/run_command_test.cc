// run_command_test.cc — command.cc's run_command: dispatch, errors, exit codes.
#include <catch2/catch.hpp>

#include "helpers.h"

using rbtest::run;

TEST_CASE("usage errors exit 2 with the usage line") {
    auto r = run("kvmmem", {});
    CHECK(r.status == 2);
    CHECK(r.err == "kvmmem: missing operand\nusage: kvmmem FILE\n");
    r = run("kvmmem", {"a", "b"});
    CHECK(r.status == 2);
    CHECK(r.err == "kvmmem: extra operand: b\nusage: kvmmem FILE\n");
}

TEST_CASE("failures exit 1 as NAME: subject: reason") {
    auto r = run("kvmmem", {"/nonexistent"});
    CHECK(r.status == 1);
    CHECK(r.err == "kvmmem: /nonexistent: No such file or directory\n");
    CHECK(r.out.empty());
}

TEST_CASE("--help goes to stdout and starts with the usage") {
    auto r = run("sha256", {"--help"});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("usage: sha256 [FILE ...]\n\n", 0) == 0);
    r = run("sha256", {"--version"});
    CHECK(r.out == "sha256 (redobox) 0.1.0\n");
}
