// safe_path_test.cc — canonical names and symlink-free parent walks.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "helpers.h"
#include "tree/safe_path.h"

using namespace rb;
using rbtest::ScratchDir;

static std::string reason_of(const std::string& raw) {
    auto e = rbtest::error_of([&] { canonical_name(raw); });
    return e ? e->what() : "accepted";
}

TEST_CASE("canonical names keep a leading ./ and drop empty and . components") {
    CHECK(canonical_name(".") == ".");
    CHECK(canonical_name("./") == ".");
    CHECK(canonical_name("./.") == ".");
    CHECK(canonical_name("./bin/hello") == "./bin/hello");
    CHECK(canonical_name(".//bin//hello/") == "./bin/hello");
    CHECK(canonical_name("bin/./hello") == "bin/hello");
    CHECK(canonical_name("a") == "a");
    CHECK(canonical_name("a b/c d") == "a b/c d");
    CHECK(canonical_name("..a/b..") == "..a/b..");
    CHECK(canonical_name(".wh.x") == ".wh.x");
}

TEST_CASE("unsafe names are refused with the name and a reason") {
    CHECK(reason_of("../x") == "../x: '..' component refused");
    CHECK(reason_of("./a/../../x") == "./a/../../x: '..' component refused");
    CHECK(reason_of("a/..") == "a/..: '..' component refused");
    CHECK(reason_of("/etc/passwd").find("/etc/passwd: absolute name refused") == 0);
    CHECK(reason_of(std::string("a\0b", 3)) == "a^@b: name holds a NUL byte");
}

TEST_CASE("split_name gives the directory part and the last component") {
    CHECK(split_name("./a/b").parent == "./a");
    CHECK(split_name("./a/b").base == "b");
    CHECK(split_name("./a").parent == ".");
    CHECK(split_name("a").parent.empty());
    CHECK(split_name("a").base == "a");
    CHECK(split_name(".").base == ".");
}

static ino_t ino_of_fd(int fd) {
    struct stat st;
    REQUIRE(fstat(fd, &st) == 0);
    return st.st_ino;
}

static ino_t ino_of(const std::string& path) {
    struct stat st;
    REQUIRE(lstat(path.c_str(), &st) == 0);
    return st.st_ino;
}

TEST_CASE("ParentDirs opens the directory holding each name, reusing the chain") {
    ScratchDir d;
    REQUIRE(system(("mkdir -p " + d / "a/b/c " + d / "a/x " + d / "z").c_str()) == 0);
    int root = open(d.path().c_str(), O_RDONLY | O_DIRECTORY);
    {
        ParentDirs p(root);
        CHECK(p.open_parent(".") == root);
        CHECK(p.open_parent("./a") == root);
        CHECK(p.open_parent("z") == root);
        CHECK(ino_of_fd(p.open_parent("./a/b/c/f")) == ino_of(d / "a/b/c"));
        CHECK(ino_of_fd(p.open_parent("./a/b/g")) == ino_of(d / "a/b"));
        CHECK(ino_of_fd(p.open_parent("./a/x/y")) == ino_of(d / "a/x"));
        CHECK(ino_of_fd(p.open_parent("a/b/c/f")) == ino_of(d / "a/b/c"));
        CHECK(ino_of_fd(p.open_parent("./z/q")) == ino_of(d / "z"));
        CHECK(p.open_parent("./top") == root);
    }
    close(root);
}

TEST_CASE("ParentDirs refuses a symlink on the way, inside the root or not") {
    ScratchDir d;
    REQUIRE(system(("mkdir -p " + d / "usr/lib && ln -s usr/lib " + d / "lib && ln -s / " +
                    d / "up && touch " + d / "file")
                       .c_str()) == 0);
    int root = open(d.path().c_str(), O_RDONLY | O_DIRECTORY);
    {
        ParentDirs p(root);
        CHECK_THROWS_WITH(p.open_parent("./up/etc/passwd"),
                          "./up/etc/passwd: refused: goes through the symlink ./up");
        CHECK_THROWS_WITH(p.open_parent("./lib/libc.so"),
                          "./lib/libc.so: refused: goes through the symlink ./lib");
        CHECK_THROWS_WITH(p.open_parent("./file/x"), "./file/x: Not a directory");
        CHECK_THROWS_WITH(p.open_parent("./none/x"), "./none/x: No such file or directory");
        // the chain still works after a refusal
        CHECK(ino_of_fd(p.open_parent("./usr/lib/x")) == ino_of(d / "usr/lib"));
    }
    close(root);
}
