// redo_record_test.cc — fingerprints and the text of records.
#include <catch2/catch.hpp>
#include <time.h>

#include "redo/record.h"

using namespace rb::redo;

static struct stat some_stat() {
    struct stat st{};
    st.st_mtim = {1700000000, 123};
    st.st_ctim = {1700000001, 456};
    st.st_size = 42;
    st.st_ino = 7;
    st.st_mode = 0100644;
    return st;
}

TEST_CASE("a fingerprint changes with each field") {
    struct stat a = some_stat(), b = a;
    CHECK(fingerprint(a) == fingerprint(b));
    b.st_mtim.tv_nsec++;
    CHECK(fingerprint(a) != fingerprint(b));
    b = a, b.st_ctim.tv_sec++;
    CHECK(fingerprint(a) != fingerprint(b));
    b = a, b.st_size++;
    CHECK(fingerprint(a) != fingerprint(b));
    b = a, b.st_ino++;
    CHECK(fingerprint(a) != fingerprint(b));
    b = a, b.st_mode = 0100755;
    CHECK(fingerprint(a) != fingerprint(b));
    CHECK(fingerprint(a).find(' ') == std::string::npos);
    CHECK(fingerprint(a) != kRacy);
}

TEST_CASE("a file is racy while the clock has not moved past its times") {
    timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct stat st = some_stat();
    st.st_mtim = st.st_ctim = {now.tv_sec - 10, 0};
    CHECK_FALSE(is_racy(st));
    st.st_mtim = {now.tv_sec + 10, 0};
    CHECK(is_racy(st));
    st.st_mtim = {now.tv_sec - 10, 0};
    st.st_ctim = {now.tv_sec + 10, 0};
    CHECK(is_racy(st));
}

TEST_CASE("target records round-trip, names with spaces included") {
    Record r;
    r.kind = Record::Target;
    r.run = "0123456789abcdef";
    r.version = random_token();
    r.fp = "-";
    r.always = true;
    r.stamp = "ab12";
    r.deps.push_back(Dep{Dep::IfCreate, "sub/x.do", "", ""});
    r.deps.push_back(Dep{Dep::Source, "a file.c", "1.2.3", "cafe"});
    r.deps.push_back(Dep{Dep::Target, "../hello/hello", "", kFailedVersion});
    Record back;
    REQUIRE(parse_record(format_record(r), back));
    CHECK(back.kind == Record::Target);
    CHECK(back.run == r.run);
    CHECK(back.version == r.version);
    CHECK(back.fp == "-");
    CHECK(back.always);
    CHECK(back.stamp == "ab12");
    REQUIRE(back.deps.size() == 3);
    CHECK(back.deps[0].kind == Dep::IfCreate);
    CHECK(back.deps[0].path == "sub/x.do");
    CHECK(back.deps[1].kind == Dep::Source);
    CHECK(back.deps[1].path == "a file.c");
    CHECK(back.deps[1].fp == "1.2.3");
    CHECK(back.deps[1].version == "cafe");
    CHECK(back.deps[2].kind == Dep::Target);
    CHECK(back.deps[2].path == "../hello/hello");
    CHECK(back.deps[2].version == kFailedVersion);
    CHECK(format_record(back) == format_record(r));
}

TEST_CASE("source records round-trip") {
    Record r;
    r.kind = Record::Source;
    r.fp = kRacy;
    r.hash = "beef";
    Record back;
    REQUIRE(parse_record(format_record(r), back));
    CHECK(back.kind == Record::Source);
    CHECK(back.fp == kRacy);
    CHECK(back.hash == "beef");
}

TEST_CASE("a damaged record reads as a target that is never up to date") {
    for (const char* text : {"", "garbage\n", "redo-target1 run\n", "redo-source1 a b c\n",
                             "redo-target1 r v fp\nx what\n", "redo-target1 r v fp\ns 1 2 a\nt 1 b"}) {
        Record r;
        CHECK_FALSE(parse_record(text, r));
        CHECK(r.kind == Record::Target);
        CHECK(r.fp == "?");
        CHECK(r.version == kFailedVersion);
    }
}

TEST_CASE("dependency logs: lines appended by several processes") {
    Record r;
    std::string log = format_dep(Dep{Dep::Source, "x", "f", "h"}) + "a\n" + "S 99\n" +
                      format_dep(Dep{Dep::IfCreate, "y z", "", ""});
    REQUIRE(parse_dep_lines(log, r));
    CHECK(r.always);
    CHECK(r.stamp == "99");
    REQUIRE(r.deps.size() == 2);
    CHECK(r.deps[1].path == "y z");
    Record torn;
    CHECK_FALSE(parse_dep_lines("s f h x\nt v", torn));
}

TEST_CASE("random tokens are 32 hex digits and differ") {
    std::string a = random_token(), b = random_token();
    CHECK(a.size() == 32);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(a != b);
}
