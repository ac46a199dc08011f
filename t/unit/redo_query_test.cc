// redo_query_test.cc — redo/query.cc: how redo-targets, -sources and -ood print keys.
#include <catch2/catch.hpp>

#include "redo/query.h"

using namespace rb::redo;

TEST_CASE("key_lines: one a line, in the order given, relative to the directory") {
    CHECK(key_lines({}, "/t") == "");
    CHECK(key_lines({"t/a/b", "t/c", "u/d"}, "/t") == "a/b\nc\n../u/d\n");
    CHECK(key_lines({"t/a/b", "t"}, "/t/a") == "b\n..\n");
    CHECK(key_lines({"x y/z"}, "/") == "x y/z\n");
}
