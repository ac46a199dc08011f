// cmd_test.cc — commands of cmd/ run in-process: sha256, kvmmem, fileids.
#include <catch2/catch.hpp>
#include <unistd.h>

#include "helpers.h"

using rbtest::run;
using rbtest::ScratchDir;

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
