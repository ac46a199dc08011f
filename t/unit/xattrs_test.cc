// xattrs_test.cc — which extended attributes are kept, sorted.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "helpers.h"
#include "tree/xattrs.h"

using namespace rb;
using rbtest::ScratchDir;

TEST_CASE("kept: file capabilities and user attributes only") {
    CHECK(xattr_kept("security.capability"));
    CHECK(xattr_kept("user.mime_type"));
    CHECK_FALSE(xattr_kept("security.selinux"));
    CHECK_FALSE(xattr_kept("trusted.overlay.opaque"));
    CHECK_FALSE(xattr_kept("system.posix_acl_access"));
    CHECK_FALSE(xattr_kept("user"));
}

TEST_CASE("read_xattrs returns kept attributes sorted by name, binary values intact") {
    ScratchDir d;
    std::string path = d / "f";
    rbtest::write_file(path, "x");
    if (setxattr(path.c_str(), "user.b", "two", 3, 0) != 0) {
        WARN("no user xattrs on this filesystem");
        return;
    }
    REQUIRE(setxattr(path.c_str(), "user.a", "o\0e", 3, 0) == 0);
    REQUIRE(setxattr(path.c_str(), "user.c", "", 0, 0) == 0);
    int fd = open(path.c_str(), O_RDONLY);
    std::vector<Xattr> xs;
    read_xattrs(fd, "f", xs);
    close(fd);
    REQUIRE(xs.size() == 3);
    CHECK(xs[0].name == "user.a");
    CHECK(xs[0].value == std::string("o\0e", 3));
    CHECK(xs[1].name == "user.b");
    CHECK(xs[1].value == "two");
    CHECK(xs[2].name == "user.c");
    CHECK(xs[2].value.empty());

    int dirfd = open(d.path().c_str(), O_PATH | O_DIRECTORY);
    std::vector<Xattr> at;
    read_xattrs_at(dirfd, "f", "f", at);
    close(dirfd);
    CHECK(at.size() == 3);
}

TEST_CASE("a file without attributes has none") {
    ScratchDir d;
    rbtest::write_file(d / "f", "x");
    int fd = open((d / "f").c_str(), O_RDONLY);
    std::vector<Xattr> xs{{"stale", "value"}};
    read_xattrs(fd, "f", xs);
    close(fd);
    CHECK(xs.empty());
}
