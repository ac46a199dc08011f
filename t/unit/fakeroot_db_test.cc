// fakeroot_db_test.cc — fakeroot state files.
#include <catch2/catch.hpp>

#include "error.h"
#include "tree/fakeroot_db.h"

using namespace rb;

TEST_CASE("records override mode, owner and rdev by device and inode") {
    FakerootDb db = FakerootDb::parse(
        "dev=fe00,ino=42,mode=104711,uid=5,gid=6,nlink=1,rdev=0\n"
        "dev=fe00,ino=43,mode=20644,uid=0,gid=0,nlink=1,rdev=259\n",
        "state");
    CHECK(db.size() == 2);
    struct stat st{};
    st.st_dev = 0xfe00;
    st.st_ino = 42;
    st.st_mode = 0100644;
    st.st_uid = 1000;
    db.apply(st);
    CHECK(st.st_mode == 0104711);
    CHECK(st.st_uid == 5);
    CHECK(st.st_gid == 6);
    st.st_ino = 43;
    db.apply(st);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(st.st_rdev == 259);
}

TEST_CASE("a file with no record reads as root's, mode untouched") {
    FakerootDb db;
    struct stat st{};
    st.st_mode = 0100600;
    st.st_uid = 1000;
    st.st_gid = 1000;
    db.apply(st);
    CHECK(st.st_uid == 0);
    CHECK(st.st_gid == 0);
    CHECK(st.st_mode == 0100600);
}

TEST_CASE("malformed lines name the file and line") {
    CHECK_THROWS_WITH(FakerootDb::parse("\ndev=1,ino=x,mode=1,uid=1,gid=1,nlink=1,rdev=1\n", "S"),
                      "S:2: bad or missing field 'ino'");
    CHECK_THROWS_WITH(FakerootDb::parse("dev=1,ino=1,mode=9,uid=1,gid=1,nlink=1,rdev=1", "S"),
                      "S:1: bad or missing field 'mode'");
    CHECK_THROWS_WITH(FakerootDb::parse("dev=1,ino=1,mode=1,uid=1,gid=1,nlink=1,rdev=1,x", "S"),
                      "S:1: unexpected text after 'rdev'");
    CHECK_THROWS_WITH(FakerootDb::parse("garbage", "S"), "S:1: bad or missing field 'dev'");
    CHECK_THROWS_AS(
        FakerootDb::parse("dev=1,ino=99999999999999999999999,mode=1,uid=1,gid=1,nlink=1,rdev=1", "S"),
        Error);
}

TEST_CASE("OwnerSource: no option means lstat as it is") {
    OwnerSource plain;
    struct stat st{};
    st.st_uid = 1000;
    plain.apply(st);
    CHECK(st.st_uid == 1000);
    OwnerSource missing = OwnerSource::from_option("/nonexistent/state");
    missing.apply(st);
    CHECK(st.st_uid == 0);
}
