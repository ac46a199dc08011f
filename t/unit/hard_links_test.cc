// hard_links_test.cc — grouping names by device and inode.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "error.h"
#include "tree/hard_links.h"

using namespace rb;

TEST_CASE("candidates: several links, neither a directory nor a symlink") {
    CHECK(HardLinks::candidate(S_IFREG | 0644, 2));
    CHECK(HardLinks::candidate(S_IFCHR | 0644, 3));
    CHECK(HardLinks::candidate(S_IFIFO | 0644, 2));
    CHECK_FALSE(HardLinks::candidate(S_IFREG | 0644, 1));
    CHECK_FALSE(HardLinks::candidate(S_IFDIR | 0755, 5));
    CHECK_FALSE(HardLinks::candidate(S_IFLNK | 0777, 2));
}

TEST_CASE("names of one inode form a group led by the first") {
    HardLinks links;
    bool is_new;
    HardLinks::Group& a = links.add(1, 10, "./a", is_new);
    CHECK(is_new);
    a.number = 7;
    HardLinks& same = links;
    HardLinks::Group& b = same.add(2, 10, "./b", is_new);  // other device
    CHECK(is_new);
    HardLinks::Group& c = links.add(1, 10, "./c", is_new);
    CHECK_FALSE(is_new);
    CHECK(&c == &a);
    CHECK(c.first == "./a");
    CHECK(c.names == 2);
    CHECK(c.number == 7);
    CHECK(b.names == 1);
    CHECK(links.size() == 2);
}

TEST_CASE("the first name again is an error, not a link to itself") {
    HardLinks links;
    bool is_new;
    links.add(1, 10, "./a", is_new);
    links.add(1, 10, "./b", is_new);
    CHECK_THROWS_WITH(links.add(1, 10, "./a", is_new), "./a: listed twice");
}
