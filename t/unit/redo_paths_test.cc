// redo_paths_test.cc — lexical paths and state file names.
#include <catch2/catch.hpp>

#include <set>

#include "redo/paths.h"

using namespace rb::redo;

TEST_CASE("normalize_path folds . and .. lexically") {
    CHECK(normalize_path("a/./b//c/../d") == "a/b/d");
    CHECK(normalize_path("a/b") == "a/b");
    CHECK(normalize_path("a/") == "a");
    CHECK(normalize_path("./a") == "a");
    CHECK(normalize_path("") == ".");
    CHECK(normalize_path("./") == ".");
    CHECK(normalize_path("a/..") == ".");
    CHECK(normalize_path("../x") == "../x");
    CHECK(normalize_path("../../x/../y") == "../../y");
    CHECK(normalize_path("a/../../x") == "../x");
    CHECK(normalize_path("/") == "/");
    CHECK(normalize_path("/a/../..") == "/");
    CHECK(normalize_path("//a//b/") == "/a/b");
    CHECK(normalize_path("/a/b/../c") == "/a/c");
    CHECK(normalize_path("x/..y") == "x/..y");  // "..y" is a name
}

TEST_CASE("join_path and relative_path") {
    CHECK(join_path("/t/a", "../b") == "/t/b");
    CHECK(join_path("/t", "/abs/x") == "/abs/x");
    CHECK(join_path("/t", "x/./y") == "/t/x/y");
    CHECK(relative_path("/t/a/b", "/t/c") == "../a/b");
    CHECK(relative_path("/t", "/t") == ".");
    CHECK(relative_path("/t/a", "/t") == "a");
    CHECK(relative_path("/ta/b", "/t") == "../ta/b");  // a shared prefix is not a parent
    CHECK(relative_path("/x/y", "/") == "x/y");
    CHECK(relative_path("/", "/a/b") == "../..");
    CHECK(relative_path("/a", "/a/b/c") == "../..");
    CHECK(join_path("/t/c", relative_path("/t/a/b", "/t/c")) == "/t/a/b");
}

TEST_CASE("dir_name and base_name") {
    CHECK(dir_name("a/b/c") == "a/b");
    CHECK(dir_name("c") == ".");
    CHECK(dir_name("/c") == "/");
    CHECK(base_name("a/b/c") == "c");
    CHECK(base_name("c") == "c");
}

TEST_CASE("state_name is flat, readable and one-to-one") {
    CHECK(state_name("a/b%c") == "a%2Fb%25c");
    CHECK(state_name("../hello/hello") == "..%2Fhello%2Fhello");
    CHECK(state_name("~x/~y") == "%7Ex%2F~y");
    CHECK(state_name("plain") == "plain");
    std::string long_key(300, 'x');
    std::string name = state_name(long_key);
    CHECK(name.size() == 65);
    CHECK(name[0] == '~');
    CHECK(state_name(long_key + "y") != name);
    std::set<std::string> names;
    for (const char* k : {"a/b", "a%2Fb", "a%b", "a%25b", "~a", "%7Ea", "a b", "a/b/c", "a%2Fb/c"})
        CHECK(names.insert(state_name(k)).second);
    for (const std::string& n : names) CHECK(n.find('/') == std::string::npos);
}

TEST_CASE("name_of_state undoes state_name, except for a hashed name") {
    for (const char* k : {"a/b", "a%2Fb", "a%b", "a%25b", "~a", "%7Ea", "a b", "a/b/c", "x~y"})
        CHECK(name_of_state(state_name(k)) == k);
    CHECK(name_of_state(state_name(std::string(300, 'x'))).empty());
}
