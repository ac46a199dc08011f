// command_test.cc — commands run in-process: dispatch, errors, exit codes.
#include <catch2/catch.hpp>
#include <unistd.h>

#include "helpers.h"

using rbtest::run;
using rbtest::ScratchDir;

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

TEST_CASE("sha256 of stdin and of files") {
    auto r = run("sha256", {}, "abc");
    CHECK(r.out == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
    ScratchDir d;
    rbtest::write_file(d / "e", "");
    r = run("sha256", {d / "e", "-"}, "abc");
    CHECK(r.out == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  " + (d / "e") +
                       "\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n");
}

TEST_CASE("kvmmem rounds down to whole MiB") {
    ScratchDir d;
    rbtest::write_file(d / "small", std::string(1024 * 1024 - 1, 'x'));
    CHECK(run("kvmmem", {d / "small"}).out == "64M\n");
    rbtest::write_file(d / "two", std::string(2 * 1024 * 1024 + 5, 'x'));
    CHECK(run("kvmmem", {d / "two"}).out == "70M\n");
}

TEST_CASE("fileids lists in input order with -C") {
    ScratchDir d;
    rbtest::write_file(d / "a", "abc");
    REQUIRE(symlink("a", (d / "l").c_str()) == 0);
    auto r = run("fileids", {"-C", d.path(), "-j", "3"}, "l\na\n.\n");
    CHECK(r.status == 0);
    CHECK(r.out.find("l 0120777-") == 0);
    CHECK(r.out.find("-ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\na 0100") !=
          std::string::npos);
    CHECK(r.out.find("-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n. 0040") !=
          std::string::npos);
    r = run("fileids", {"-C", d.path(), "-f", d / "nostate"}, "a\n");
    CHECK(r.out.find("a 0100") == 0);
    CHECK(r.out.find("-0-0-ba78") != std::string::npos);
}

TEST_CASE("fileids stops at a missing file after the ones before it") {
    ScratchDir d;
    rbtest::write_file(d / "a", "");
    auto r = run("fileids", {"-C", d.path()}, "a\nmissing\na\n");
    CHECK(r.status == 1);
    CHECK(r.err == "fileids: missing: No such file or directory\n");
    CHECK(r.out.find("a 0100") == 0);
    CHECK(r.out.find('\n') == r.out.size() - 1);
}
