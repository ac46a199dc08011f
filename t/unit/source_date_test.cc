// source_date_test.cc — SOURCE_DATE_EPOCH parsing (src/source_date) and mtime clamping.
#include <catch2/catch.hpp>
#include <stdlib.h>

#include "error.h"
#include "source_date.h"

using namespace rb;

namespace {
struct Env {
    explicit Env(const char* value) {
        if (value) setenv("SOURCE_DATE_EPOCH", value, 1);
        else unsetenv("SOURCE_DATE_EPOCH");
    }
    ~Env() { unsetenv("SOURCE_DATE_EPOCH"); }
};
}  // namespace

TEST_CASE("SOURCE_DATE_EPOCH: unset and empty are 0") {
    {
        Env e(nullptr);
        CHECK(source_date_epoch(100) == 0);
    }
    Env e("");
    CHECK(source_date_epoch(100) == 0);
}

TEST_CASE("SOURCE_DATE_EPOCH: decimal seconds up to the format's limit") {
    {
        Env e("1700000000");
        CHECK(source_date_epoch(0xffffffffLL) == 1700000000);
    }
    {
        Env e("4294967295");
        CHECK(source_date_epoch(0xffffffffLL) == 4294967295LL);
    }
    {
        Env e("4294967296");
        CHECK_THROWS_WITH(source_date_epoch(0xffffffffLL),
                          "SOURCE_DATE_EPOCH: not a number of seconds in 0..4294967295: 4294967296");
    }
    {
        Env e("99999999999999999999999");
        CHECK_THROWS(source_date_epoch(0x7fffffffffffLL));
    }
    for (const char* bad : {"-1", "12x", " 5", "1.5", "101"}) {
        Env e(bad);
        CHECK_THROWS_WITH(source_date_epoch(100),
                          std::string("SOURCE_DATE_EPOCH: not a number of seconds in 0..100: ") + bad);
    }
}

TEST_CASE("SOURCE_DATE_EPOCH: a value given, as the image module passes it") {
    CHECK(parse_source_date_epoch(nullptr, 100) == 0);
    CHECK(parse_source_date_epoch("", 100) == 0);
    CHECK(parse_source_date_epoch("100", 100) == 100);
    CHECK(parse_source_date_epoch("0007", 100) == 7);
    CHECK_THROWS_WITH(parse_source_date_epoch("yesterday", 253402300799LL),
                      "SOURCE_DATE_EPOCH: not a number of seconds in 0..253402300799: yesterday");
}

TEST_CASE("mtimes newer than the epoch are clamped to it") {
    CHECK(clamp_mtime(1800000000, 0) == 0);
    CHECK(clamp_mtime(5, 10) == 5);
    CHECK(clamp_mtime(15, 10) == 10);
}
