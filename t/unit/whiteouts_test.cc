// whiteouts_test.cc — which paths of a base listing need an OCI whiteout.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include "helpers.h"
#include "tree/whiteouts.h"

using namespace rb;
using rbtest::ScratchDir;

TEST_CASE("whiteout names sit beside the deleted path") {
    CHECK(whiteout_name("./a/b") == "./a/.wh.b");
    CHECK(whiteout_name("./b") == "./.wh.b");
    CHECK(whiteout_name("b") == ".wh.b");
    CHECK(whiteout_name("a/b c") == "a/.wh.b c");
}

static std::vector<std::string> deleted(const ScratchDir& d, const std::string& base) {
    rbtest::write_file(d / "base.list", base);
    int fd = open((d / "base.list").c_str(), O_RDONLY);
    int root = open((d / "tree").c_str(), O_RDONLY | O_DIRECTORY);
    NameReader names(fd, false, "base.list");
    auto out = deleted_paths(root, names);
    close(fd);
    close(root);
    return out;
}

TEST_CASE("one whiteout for the topmost deleted directory, one per deleted file") {
    ScratchDir d;
    REQUIRE(system(("mkdir -p " + d / "tree/keep " + d / "tree/gone-parent-kept && touch " +
                    d / "tree/keep/file")
                       .c_str()) == 0);
    std::string base =
        ". 0040755-0-0-0\n"
        "./deldir 0040755-0-0-0\n"
        "./deldir-x 0100644-0-0-0\n"
        "./deldir/a 0040755-0-0-0\n"
        "./deldir/a/f 0100644-0-0-0\n"
        "./gone-parent-kept 0040755-0-0-0\n"
        "./gone-parent-kept/f 0100644-0-0-0\n"
        "./keep 0040755-0-0-0\n"
        "./keep/file 0100644-0-0-0\n"
        "./keep/old 0100644-0-0-0\n"
        "./only/below/f 0100644-0-0-0\n";
    CHECK(deleted(d, base) == std::vector<std::string>{"./deldir", "./deldir-x",
                                                      "./gone-parent-kept/f", "./keep/old",
                                                      "./only"});
}

TEST_CASE("nothing below a directory that became a file or a symlink") {
    ScratchDir d;
    REQUIRE(system(("mkdir -p " + d / "tree/real && touch " + d / "tree/was-dir && ln -s real " +
                    d / "tree/link")
                       .c_str()) == 0);
    std::string base = "./link/f\n./real/f\n./was-dir/f\n";
    CHECK(deleted(d, base) == std::vector<std::string>{"./real/f"});
}

TEST_CASE("an unchanged tree needs no whiteouts") {
    ScratchDir d;
    REQUIRE(system(("mkdir -p " + d / "tree/a").c_str()) == 0);
    CHECK(deleted(d, ".\n./a\n").empty());
}
