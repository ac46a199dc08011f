// file_list_test.cc — .list records.
#include <catch2/catch.hpp>

#include "tree/file_list.h"

using namespace rb;

static const std::string hex64 = "22e4d2865e654f830f6bfc146e170846dde15185be675db4e9cd987cb02afa78";

TEST_CASE("format is the cookbook's") {
    ListEntry e{"./bin/hello", FileId{0100755, 0, 0, hex64}};
    CHECK(format_entry(e) == "./bin/hello 0100755-0-0-" + hex64);
    CHECK(format_id(FileId{040755, 1000, 100, "0"}) == "0040755-1000-100-0");
}

TEST_CASE("parse round-trips and finds the last field") {
    auto e = parse_entry("./a name with spaces 0100644-5-6-" + hex64);
    REQUIRE(e);
    CHECK(e->name == "./a name with spaces");
    CHECK(e->id.mode == 0100644);
    CHECK(e->id.uid == 5);
    CHECK(e->id.gid == 6);
    CHECK(e->id.digest == hex64);
    CHECK(format_entry(*e) == "./a name with spaces 0100644-5-6-" + hex64);
}

TEST_CASE("malformed ids are rejected") {
    CHECK_FALSE(parse_entry("./a"));
    CHECK_FALSE(parse_entry("./a 100644-0-0-0"));       // six digits
    CHECK_FALSE(parse_entry("./a 0100648-0-0-0"));      // not octal
    CHECK_FALSE(parse_entry("./a 0100644-0-0-"));       // no digest
    CHECK_FALSE(parse_entry("./a 0100644-0-0-abc"));    // short digest
    CHECK_FALSE(parse_entry("./a 0100644--0-0"));       // no uid
    CHECK_FALSE(parse_entry("./a 0100644-0-0-0 "));     // trailing space
    CHECK_FALSE(parse_entry(" 0100644-0-0-0"));         // empty name
    CHECK(parse_entry("./a 0100644-0-0-0"));
}

TEST_CASE("parse_entry tells plain names from list lines") {
    CHECK_FALSE(parse_entry("./a b"));
    CHECK(parse_entry("./a b 0040755-0-0-0")->name == "./a b");
    CHECK_FALSE(parse_entry("./x 0040755-0-0-zz"));
}
