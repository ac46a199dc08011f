// output_test.cc — output.cc: Writer, AtomicFile, write_message.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "helpers.h"
#include "output.h"

using namespace rb;
using rbtest::ScratchDir;

TEST_CASE("AtomicFile appears only on commit") {
    ScratchDir d;
    std::string path = d / "out";
    {
        AtomicFile f(path);
        f.writer().write("hello");
        f.writer().flush();
        CHECK(access(path.c_str(), F_OK) != 0);
        f.commit();
    }
    CHECK(rbtest::slurp(path) == "hello");
    {
        AtomicFile f(path);
        f.writer().write("partial");
        // no commit: the old content stays, and no temporary is left
    }
    CHECK(rbtest::slurp(path) == "hello");
    CHECK(system(("test $(ls -A " + d.path() + " | wc -l) -eq 1").c_str()) == 0);
}

TEST_CASE("AtomicFile honours the umask") {
    ScratchDir d;
    mode_t old = umask(022);
    AtomicFile f(d / "m");
    f.commit();
    umask(old);
    struct stat st;
    REQUIRE(stat((d / "m").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
}

TEST_CASE("AtomicFile errors name the path") {
    CHECK_THROWS_WITH(AtomicFile("/nonexistent/dir/x"), "/nonexistent/dir/x: No such file or directory");
}

TEST_CASE("AtomicFile writes a device or a fifo directly, never replacing it") {
    {
        AtomicFile f("/dev/null");
        f.writer().write("gone");
        f.commit();
    }
    {
        AtomicFile f("/dev/full");
        f.writer().write("x");
        CHECK_THROWS_WITH(f.commit(), "/dev/full: No space left on device");
    }
    struct stat st;
    REQUIRE(stat("/dev/null", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    REQUIRE(stat("/dev/full", &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    ScratchDir d;
    std::string fifo = d / "fifo";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    {
        AtomicFile f(fifo);
        f.writer().write("through");
        f.commit();
    }
    char buf[16] = {};
    CHECK(read(reader, buf, sizeof buf) == 7);
    CHECK(std::string(buf) == "through");
    close(reader);
    REQUIRE(lstat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK(system(("test $(ls -A " + d.path() + " | wc -l) -eq 1").c_str()) == 0);
}

TEST_CASE("Writer reports a full device") {
    int fd = open("/dev/full", O_WRONLY);
    REQUIRE(fd >= 0);
    Writer w(fd, "out");
    w.write("x");
    CHECK_THROWS_WITH(w.flush(), "out: No space left on device");
    close(fd);
}

TEST_CASE("write_message writes the whole text, and drops what cannot be written") {
    int fd = rbtest::temp_fd("");
    const std::string big(300000, 'm');
    write_message(fd, big);
    CHECK(rbtest::read_back(fd) == big);
    close(fd);
    int full = open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    write_message(full, "lost");  // no throw, no hang
    close(full);
    write_message(-1, "nowhere");
}
