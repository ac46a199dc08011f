// options_test.cc — the shared option parser.
#include <catch2/catch.hpp>

#include "error.h"
#include "options.h"

using namespace rb;

static const std::vector<Option> spec = {
    {'0', nullptr, nullptr}, {'C', nullptr, "DIR"}, {'o', "output", "FILE"}, {0, "gzip", nullptr}};

TEST_CASE("flags, attached and separate arguments, long forms") {
    std::vector<std::string> ops;
    Options o = parse_options(spec, {"-0CDIR", "--output=x", "--gzip", "-o", "y", "a", "-b"}, ops);
    CHECK(o.has("0"));
    CHECK(o.get("C") == "DIR");
    CHECK(o.get("output") == "y");  // the last one given wins
    CHECK(o.all("output") == std::vector<std::string>{"x", "y"});
    CHECK(o.has("gzip"));
    CHECK(ops == std::vector<std::string>{"a", "-b"});  // no permutation
}

TEST_CASE("-- ends options and - is an operand") {
    std::vector<std::string> ops;
    Options o = parse_options(spec, {"--", "-0"}, ops);
    CHECK_FALSE(o.has("0"));
    CHECK(ops == std::vector<std::string>{"-0"});
    parse_options(spec, {"-", "x"}, ops);
    CHECK(ops == std::vector<std::string>{"-", "x"});
}

TEST_CASE("bad options are usage errors") {
    std::vector<std::string> ops;
    CHECK_THROWS_AS(parse_options(spec, {"-x"}, ops), UsageError);
    CHECK_THROWS_AS(parse_options(spec, {"-C"}, ops), UsageError);
    CHECK_THROWS_AS(parse_options(spec, {"--output"}, ops), UsageError);
    CHECK_THROWS_AS(parse_options(spec, {"--gzip=1"}, ops), UsageError);
    CHECK_THROWS_WITH(parse_options(spec, {"--nope"}, ops), "unknown option: --nope");
}

TEST_CASE("numbers are checked") {
    std::vector<std::string> ops;
    Options o = parse_options({{'j', nullptr, "N"}}, {"-j", "4"}, ops);
    CHECK(o.number("j", 1, 1, 8) == 4);
    CHECK(o.number("k", 7, 1, 8) == 7);
    o = parse_options({{'j', nullptr, "N"}}, {"-j4x"}, ops);
    CHECK_THROWS_WITH(o.number("j", 1, 1, 8), "-j: not a number: 4x");
    o = parse_options({{'j', nullptr, "N"}}, {"-j9"}, ops);
    CHECK_THROWS_WITH(o.number("j", 1, 1, 8), "-j: out of range 1..8: 9");
}

TEST_CASE("--help and --version are recognised centrally") {
    std::vector<std::string> ops;
    CHECK(parse_options(spec, {"--help"}, ops).has("help"));
    CHECK(parse_options({}, {"--version"}, ops).has("version"));
}
