// input_test.cc — input.cc: RecordReader, InputFile ("-"), whole-file reads.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "error.h"
#include "helpers.h"
#include "input.h"

using namespace rb;
using rbtest::ScratchDir;

static std::vector<std::string> records(const std::string& data, char sep) {
    int fd = rbtest::temp_fd(data);
    RecordReader r(fd, sep);
    std::vector<std::string> out;
    std::string rec;
    while (r.next(rec)) out.push_back(rec);
    close(fd);
    return out;
}

TEST_CASE("records: lines, NUL, unterminated last, long records") {
    CHECK(records("a\nb c\n", '\n') == std::vector<std::string>{"a", "b c"});
    CHECK(records("a\nb", '\n') == std::vector<std::string>{"a", "b"});
    CHECK(records("a\nb\0c\0", '\0').size() == 1);  // string literal stops at NUL
    CHECK(records(std::string("a\nb\0c\0", 6), '\0') == std::vector<std::string>{"a\nb", "c"});
    CHECK(records("", '\n').empty());
    CHECK(records("\n\n", '\n') == std::vector<std::string>{"", ""});
    std::string big(200000, 'x');
    CHECK(records(big + "\n" + big, '\n') == std::vector<std::string>{big, big});
}

// Whether fd is open in this process.
static bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

TEST_CASE("InputFile: - is the invocation's standard input, left open") {
    int in = rbtest::temp_fd("from stdin");
    {
        InputFile f("-", in);
        CHECK(f.fd() == in);
        CHECK(f.is_stdin());
        CHECK(f.name() == "standard input");
        CHECK(read_all(f.fd(), f.name()) == "from stdin");
    }
    CHECK(is_open(in));
    close(in);
}

TEST_CASE("InputFile: a path is opened, read and closed") {
    ScratchDir d;
    rbtest::write_file(d / "-x", "file text");
    int fd;
    {
        InputFile f(d / "-x", 0);
        fd = f.fd();
        CHECK(fd != 0);
        CHECK_FALSE(f.is_stdin());
        CHECK(f.name() == d / "-x");
        CHECK(read_all(f.fd(), f.name()) == "file text");
    }
    CHECK_FALSE(is_open(fd));
    CHECK_THROWS_WITH(InputFile(d / "none", 0), d / "none" + ": No such file or directory");
    CHECK_THROWS_WITH(InputFile(d.path(), 0), d.path() + ": Is a directory");
}

TEST_CASE("open_input: - is a file name like any other") {
    ScratchDir d;
    char was[PATH_MAX];
    REQUIRE(getcwd(was, sizeof was));
    REQUIRE(chdir(d.path().c_str()) == 0);
    CHECK_THROWS_WITH(open_input("-"), "-: No such file or directory");
    rbtest::write_file(d / "-", "dash");
    CHECK(read_file("-") == "dash");
    REQUIRE(chdir(was) == 0);
}

TEST_CASE("read_file: whole content, large and empty; errors name the path") {
    ScratchDir d;
    std::string big(1 << 20, '\0');
    for (size_t i = 0; i < big.size(); i++) big[i] = char(i * 7 + i / 4096);
    rbtest::write_file(d / "big", big);
    rbtest::write_file(d / "empty", "");
    CHECK(read_file(d / "big") == big);
    CHECK(read_file(d / "empty").empty());
    CHECK_THROWS_WITH(read_file(d / "none"), d / "none" + ": No such file or directory");
    CHECK_THROWS_WITH(read_file(d.path()), d.path() + ": Is a directory");
}

TEST_CASE("read_all: from where the descriptor stands; a read error names the input") {
    int fd = rbtest::temp_fd("0123456789");
    REQUIRE(lseek(fd, 4, SEEK_SET) == 4);
    CHECK(read_all(fd, "in") == "456789");
    close(fd);
    int w = open("/dev/null", O_WRONLY);
    REQUIRE(w >= 0);
    CHECK_THROWS_WITH(read_all(w, "out only"), "out only: Bad file descriptor");
    close(w);
}

TEST_CASE("read_file_if_exists: relative to a directory, false when missing") {
    ScratchDir d;
    REQUIRE(mkdir((d / "sub").c_str(), 0755) == 0);
    rbtest::write_file(d / "sub/rec", "a record\n");
    int dir = open(d.path().c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(dir >= 0);
    std::string text = "untouched";
    CHECK(read_file_if_exists(dir, "sub/rec", text));
    CHECK(text == "a record\n");
    text = "untouched";
    CHECK_FALSE(read_file_if_exists(dir, "sub/none", text));
    CHECK_FALSE(read_file_if_exists(dir, "sub/rec/below", text));  // ENOTDIR
    CHECK(text == "untouched");
    CHECK(read_file_if_exists(AT_FDCWD, d / "sub/rec", text));
    CHECK_THROWS_WITH(read_file_if_exists(dir, "sub", text), "sub: Is a directory");
    close(dir);
}
