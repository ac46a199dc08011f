// progress_test.cc — the progress line's text and timing (driven by made-up
// times), when a command draws it, and what the work counts into it.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "tree/archive_writer.h"
#include "tree/file_id.h"
#include "gzip/gzip.h"
#include "helpers.h"
#include "image/archive.h"
#include "image/tar.h"
#include "output.h"
#include "progress.h"
#include "tree/safe_path.h"
#include "sha256.h"

using namespace rb;
using rbtest::ScratchDir;

namespace {

constexpr unsigned long long KiB = 1024, MiB = KiB * KiB, GiB = MiB * KiB;

// the text of a redraw, without "\r" and the erase that frame it
std::string text_of(const std::string& drawn) {
    REQUIRE(drawn.size() >= 4);
    REQUIRE(drawn.front() == '\r');
    REQUIRE(drawn.compare(drawn.size() - 3, 3, "\x1b[K") == 0);
    return drawn.substr(1, drawn.size() - 4);
}

std::string pseudorandom(size_t n, unsigned seed) {
    std::string s(n, '\0');
    unsigned long long x = seed * 0x9e3779b97f4a7c15ULL + 1;
    for (char& c : s) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        c = char(x);
    }
    return s;
}

int open_file(const std::string& path, int flags = O_RDONLY) {
    int fd = open(path.c_str(), flags | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    return fd;
}

void make_layer(const std::string& path, const std::string& big) {
    AtomicFile f(path);
    ImageTar tar(f.writer(), 0);
    tar.file("etc/greeting", "hi\n");
    tar.file("big", big);
    tar.finish();
    f.commit();
}

unsigned long long size_of(const std::string& path) { return rbtest::slurp(path).size(); }

}  // namespace

TEST_CASE("format_bytes: three significant digits, binary units") {
    CHECK(format_bytes(0) == "0 B");
    CHECK(format_bytes(999) == "999 B");
    CHECK(format_bytes(1000) == "0.98 KiB");
    CHECK(format_bytes(1024) == "1.00 KiB");
    CHECK(format_bytes(1536) == "1.50 KiB");
    CHECK(format_bytes(10 * KiB) == "10.0 KiB");
    CHECK(format_bytes(999 * KiB) == "999 KiB");
    CHECK(format_bytes(1023 * KiB) == "1.00 MiB");  // never "1023 KiB" or "1000 KiB"
    CHECK(format_bytes(123456789) == "118 MiB");
    CHECK(format_bytes(5 * GiB) == "5.00 GiB");
    CHECK(format_bytes(1536 * GiB) == "1.50 TiB");
    CHECK(format_bytes(~0ULL) == "16.0 EiB");
}

TEST_CASE("format_rate: per second, nothing below zero") {
    CHECK(format_rate(0) == "0 B/s");
    CHECK(format_rate(-5) == "0 B/s");
    CHECK(format_rate(std::nan("")) == "0 B/s");
    CHECK(format_rate(512.4) == "512 B/s");
    CHECK(format_rate(150.0 * MiB) == "150 MiB/s");
    CHECK(format_rate(1.7 * GiB) == "1.70 GiB/s");
    CHECK(format_rate(1e30) == "8.67 EiB/s");
}

TEST_CASE("progress_text: name, bytes, percent when the total is known, rate") {
    CHECK(progress_text("gz", 1288490189, 2684354560, 150.0 * MiB) == "gz: 1.20 GiB  48%  150 MiB/s");
    CHECK(progress_text("fileids", 3 * MiB, 0, 1.5 * MiB) == "fileids: 3.00 MiB  1.50 MiB/s");
    CHECK(progress_text("mkimage", 0, 10, 0) == "mkimage: 0 B  0%  0 B/s");
    // 100% only when done; past the total (a file that grew) stays at 100%
    CHECK(progress_text("gz", 999, 1000, 0) == "gz: 999 B  99%  0 B/s");
    CHECK(progress_text("gz", 1000, 1000, 0) == "gz: 0.98 KiB  100%  0 B/s");
    CHECK(progress_text("gz", 2000, 1000, 0) == "gz: 1.95 KiB  100%  0 B/s");
    CHECK(progress_text("gz", GiB - 1, GiB, 0) == "gz: 1.00 GiB  99%  0 B/s");
}

TEST_CASE("ProgressLine: nothing for a short run, then the line, then its erasure") {
    ProgressLine line("gz");
    CHECK(line.update(0.2, 10 * MiB, 0, 80) == "");
    CHECK(line.update(0.4, 20 * MiB, 0, 80) == "");
    CHECK(line.clear() == "");  // a short run writes nothing at all
    CHECK(line.update(0.5, 25 * MiB, 100 * MiB, 80) == "\rgz: 25.0 MiB  25%  50.0 MiB/s\x1b[K");
    CHECK(line.clear() == "\r\x1b[K");
}

TEST_CASE("ProgressLine: the rate is over the last two seconds or so") {
    ProgressLine line("fileids");
    // 100 MiB a second for four seconds...
    for (int t = 1; t <= 4; t++) CHECK(text_of(line.update(t, t * 100 * MiB, 0, 0)) ==
                                       "fileids: " + format_bytes(t * 100 * MiB) + "  100 MiB/s");
    // ...then a stall: the rate falls as the window slides past the work
    CHECK(text_of(line.update(5, 400 * MiB, 0, 0)) == "fileids: 400 MiB  50.0 MiB/s");
    CHECK(text_of(line.update(6, 400 * MiB, 0, 0)) == "fileids: 400 MiB  0 B/s");
    // and picks up again
    CHECK(text_of(line.update(6.5, 450 * MiB, 0, 0)) == "fileids: 450 MiB  20.0 MiB/s");
}

TEST_CASE("ProgressLine: cut to the terminal's width, never wrapping") {
    ProgressLine line("mkimage");
    CHECK(line.update(1, 5 * GiB, 10 * GiB, 12) == "\rmkimage: 5.\x1b[K");
    CHECK(text_of(line.update(2, 5 * GiB, 10 * GiB, 0)) == "mkimage: 5.00 GiB  50%  2.50 GiB/s");
    CHECK(text_of(line.update(3, 5 * GiB, 10 * GiB, 1)) == "mkimage: 5.00 GiB  50%  0 B/s");
}

TEST_CASE("progress is off when stderr is not a terminal: no counter, no output") {
    int p[2];
    REQUIRE(pipe(p) == 0);
    CHECK(!progress_wanted(p[1], -1));
    CHECK(!progress_wanted(-1, -1));
    {
        Progress progress("gz", p[1]);
        CHECK(progress.counter() == nullptr);
        progress.stop();
        progress.stop();
    }
    close(p[1]);
    char c;
    CHECK(read(p[0], &c, 1) == 0);
    close(p[0]);
}

// In a child that has a pseudo-terminal as its controlling terminal (and so
// is in its foreground), each check is a bit of the exit status.
TEST_CASE("progress_wanted: a foreground terminal, a terminal type, no terminal output, not under redo") {
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(grantpt(master) == 0);
    REQUIRE(unlockpt(master) == 0);
    std::string slave = ptsname(master);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int bits = 0, bit = 0;
        auto expect = [&](bool v) { bits |= (v ? 0 : 1) << bit++; };
        setsid();
        int tty = open(slave.c_str(), O_RDWR);  // the session's controlling terminal now
        int p[2];
        if (tty < 0 || pipe(p) != 0) _exit(255);
        unsetenv("REDOBOX_RUN");
        unsetenv("REDOBOX_PARENT");
        setenv("TERM", "xterm", 1);
        expect(progress_wanted(tty, -1));
        expect(progress_wanted(tty, p[1]));    // output to a pipe
        expect(!progress_wanted(tty, tty));    // output to the terminal
        expect(!progress_wanted(p[1], -1));    // stderr to a pipe
        setenv("TERM", "dumb", 1);
        expect(!progress_wanted(tty, -1));
        setenv("TERM", "", 1);
        expect(!progress_wanted(tty, -1));
        unsetenv("TERM");
        expect(!progress_wanted(tty, -1));
        setenv("TERM", "xterm", 1);
        setenv("REDOBOX_RUN", "abc", 1);
        expect(progress_wanted(tty, -1));  // a build that is over (no parent)
        setenv("REDOBOX_PARENT", "x.do", 1);
        expect(!progress_wanted(tty, -1));
        _exit(bits);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    close(master);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // and a terminal that is not this process's own is not drawn on
    int tty = open(slave.c_str(), O_RDWR | O_NOCTTY);
    if (tty >= 0) {
        CHECK(!progress_wanted(tty, -1));
        close(tty);
    }
}

TEST_CASE("counted: hashing, file ids, compressing, decompressing, archiving") {
    ScratchDir d;
    const std::string data = pseudorandom(3 * MiB + 12345, 7);
    rbtest::write_file(d / "f", data);
    rbtest::write_file(d / "small", "hello\n");

    ProgressCounter hashed;
    int fd = open_file(d / "f");
    unsigned long long size = 0;
    CHECK(to_hex(sha256_fd(fd, "f", &size, &hashed)) == sha256_hex(data));
    close(fd);
    CHECK(hashed.done() == data.size());

    ProgressCounter ids;
    int dir = open_dir(d.path());
    OwnerSource owners = OwnerSource::from_option("");
    {
        TreeSource tree(dir, owners);
        file_id(tree, "f", &ids);
        file_id(tree, "small", &ids);
    }
    close(dir);
    CHECK(ids.done() == data.size() + 6);

    // the same gzip bytes with and without counting, whatever the threads
    ProgressCounter read_in, read_gz;
    GzipOptions opts;
    opts.threads = 2;
    int in = open_file(d / "f");
    {
        AtomicFile out(d / "plain.gz");
        gzip_stream(in, "f", out.writer(), opts);
        out.writer().flush();
        out.commit();
    }
    lseek(in, 0, SEEK_SET);
    opts.progress = &read_in;
    {
        AtomicFile out(d / "counted.gz");
        gzip_stream(in, "f", out.writer(), opts);
        out.writer().flush();
        out.commit();
    }
    close(in);
    CHECK(read_in.done() == data.size());
    CHECK(rbtest::slurp(d / "counted.gz") == rbtest::slurp(d / "plain.gz"));
    in = open_file(d / "counted.gz");
    {
        AtomicFile out(d / "back");
        gunzip_stream(in, "counted.gz", out.writer(), &read_gz);
        out.writer().flush();
        out.commit();
    }
    close(in);
    CHECK(read_gz.done() == size_of(d / "counted.gz"));
    CHECK(rbtest::slurp(d / "back") == data);

    // into a tar: through sendfile into a file, and through a buffer into a pipe's place
    for (bool to_file : {true, false}) {
        ProgressCounter archived;
        int out_fd = to_file ? open_file(d / "a.tar", O_RDWR | O_CREAT | O_TRUNC)
                             : open_file("/dev/null", O_WRONLY | O_APPEND);
        {
            Writer w(out_fd, "a.tar");
            ArchiveWriter a(ArchiveFormat::pax_restricted, w);
            for (const char* name : {"f", "small"}) {
                struct archive_entry* e = a.entry();
                archive_entry_copy_pathname(e, name);
                archive_entry_set_mode(e, 0100644);
                unsigned long long n = size_of(d / name);
                archive_entry_set_size(e, la_int64_t(n));
                a.write_header(e, name);
                int src = open_file(d / name);
                a.copy_data(src, n, name, &archived);
                close(src);
            }
            a.close();
            w.flush();
        }
        close(out_fd);
        CHECK(archived.done() == data.size() + 6);
    }
}

TEST_CASE("counted: mkimage's layers, each pass it waits for, to the total it sets; the same bytes") {
    ScratchDir d;
    make_layer(d / "a.tar", pseudorandom(9 * MiB + 7, 1));
    make_layer(d / "b.tar", pseudorandom(100000, 2));
    const unsigned long long a = size_of(d / "a.tar"), b = size_of(d / "b.tar");

    // an archive of a, b and a again (stored once), gzip or not, to a file
    // (each layer hashed while it is copied) or elsewhere (hashed first)
    auto image = [&](const std::string& out, bool gzip, ProgressCounter* progress) {
        GzipOptions opts;
        opts.threads = 2;
        ImageArchive img(nlohmann::json::object(), {}, 0);
        img.set_progress(progress);
        for (const char* l : {"a.tar", "b.tar", "a.tar"}) img.add_layer(d / l, gzip ? &opts : nullptr);
        if (out == "/dev/null") {
            int fd = open_file(out, O_WRONLY);
            Writer w(fd, out);
            img.write(w);
            w.flush();
            close(fd);
        } else {
            AtomicFile f(out);
            img.write(f.writer());
            f.writer().flush();
            f.commit();
        }
        return img.id();
    };

    for (bool gzip : {false, true}) {
        ProgressCounter to_file, to_null;
        std::string id = image(d / "plain", gzip, nullptr);
        CHECK(image(d / "counted", gzip, &to_file) == id);
        CHECK(rbtest::slurp(d / "counted") == rbtest::slurp(d / "plain"));
        CHECK(image("/dev/null", gzip, &to_null) == id);
        // compressed: each layer given, hashed meanwhile; uncompressed: each
        // file copied once, hashed meanwhile into a file, else hashed first
        const unsigned long long to_file_bytes = gzip ? a + b + a : a + b;
        const unsigned long long to_null_bytes = gzip ? a + b + a : 2 * (a + b);
        CHECK(to_file.done() == to_file_bytes);
        CHECK(to_file.total() == to_file_bytes);
        CHECK(to_null.done() == to_null_bytes);
        CHECK(to_null.total() == to_null_bytes);
    }
}
