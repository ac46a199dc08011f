// image_tar_test.cc — ImageTar's deterministic entries, and check_layer's checks and digests.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include "error.h"
#include "helpers.h"
#include "image/layer.h"
#include "image/tar.h"
#include "output.h"
#include "sha256.h"

using namespace rb;
using rbtest::ArchiveEntry;
using rbtest::read_archive;
using rbtest::ScratchDir;

namespace {
int open_read(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    return fd;
}
}  // namespace

TEST_CASE("ImageTar: entries in order, 0:0, fixed modes, one mtime") {
    ScratchDir d;
    rbtest::write_file(d / "src", std::string(100000, 'x'));
    {
        AtomicFile f(d / "out.tar");
        ImageTar tar(f.writer(), 86400);
        tar.directory("blobs/");
        tar.file("b", "hello");
        int fd = open_read(d / "src");
        tar.file_from("a", fd, 100000, "src");
        close(fd);
        tar.finish();
        f.commit();
    }
    std::vector<ArchiveEntry> es = read_archive(rbtest::slurp(d / "out.tar"));
    REQUIRE(es.size() == 3);
    CHECK(es[0].name == "blobs/");
    CHECK(es[0].mode == (040000 | 0755));
    CHECK(es[1].name == "b");
    CHECK(es[1].data == "hello");
    CHECK(es[2].name == "a");
    CHECK(es[2].data == std::string(100000, 'x'));
    for (const ArchiveEntry& e : es) {
        CHECK(e.uid == 0);
        CHECK(e.gid == 0);
        CHECK(e.mtime == 86400);
        CHECK(!e.has_uname);
        if (e.name != "blobs/") CHECK(e.mode == (0100000 | 0644));
    }
    // ustar magic in the first header: no PAX extension records
    std::string bytes = rbtest::slurp(d / "out.tar");
    CHECK(bytes.substr(257, 6) == std::string("ustar\0", 6));
    CHECK(bytes.size() % 10240 == 0);
}

TEST_CASE("ImageTar: big entries end padded to 10240 bytes, no more") {
    ScratchDir d;
    {
        AtomicFile f(d / "big.tar");
        ImageTar tar(f.writer(), 0);
        tar.file("big", std::string(2000000, 'y'));
        tar.finish();
        f.commit();
    }
    // 512 header + 2000384 data + 1024 end mark = 2001920, up to 10240s: 2007040
    CHECK(rbtest::slurp(d / "big.tar").size() == 2007040);
}

TEST_CASE("ImageTar: a file that shrank, a full device, an abandoned stream") {
    ScratchDir d;
    rbtest::write_file(d / "src", "short");
    {
        AtomicFile f(d / "out.tar");
        ImageTar tar(f.writer(), 0);
        int fd = open_read(d / "src");
        CHECK_THROWS_WITH(tar.file_from("a", fd, 10, "src"),
                          "src: file changed while mkimage read it (shorter now)");
        close(fd);
    }  // abandoned: no commit, nothing left behind
    CHECK(access((d / "out.tar").c_str(), F_OK) != 0);

    int full = open("/dev/full", O_WRONLY);
    REQUIRE(full >= 0);
    Writer w(full, "out");
    ImageTar tar(w, 0);
    std::string big(1 << 20, 'z');
    CHECK_THROWS_WITH(([&] {
                          tar.file("big", big);
                          tar.finish();
                      }()),
                      "out: No space left on device");
    close(full);
}

TEST_CASE("check_layer: the digest of every byte, padding included; meanwhile runs") {
    ScratchDir d;
    {
        AtomicFile f(d / "l.tar");
        ImageTar tar(f.writer(), 0);
        tar.file("etc/greeting", "hi\n");
        tar.file("big", std::string(5000000, 'q'));
        tar.finish();
        f.commit();
    }
    std::string bytes = rbtest::slurp(d / "l.tar");
    bool ran = false;
    std::string diff_id = check_layer(bytes.data(), bytes.size(), "l.tar", [&] { ran = true; });
    CHECK(ran);
    CHECK(diff_id == "sha256:" + sha256_hex(bytes));
    CHECK_THROWS_WITH(check_layer(bytes.data(), bytes.size(), "l.tar", [] { throw Error("out", "full"); }),
                      "out: full");
    // a damaged tar: meanwhile never runs
    ran = false;
    CHECK_THROWS(check_layer(bytes.data(), 3000, "l.tar", [&] { ran = true; }));
    CHECK(!ran);
}

TEST_CASE("ImageTar::header_block is the header ImageTar writes") {
    ScratchDir d;
    for (unsigned long long size : {0ULL, 1ULL, 512ULL, 3000ULL}) {
        {
            AtomicFile f(d / "h.tar");
            ImageTar tar(f.writer(), 1234567);
            tar.directory("blobs/");
            CHECK(tar.offset() == 512);
            tar.file("blobs/sha256/x", std::string(size, 'a'));
            CHECK(tar.offset() == 1024 + (size + 511) / 512 * 512);
            tar.finish();
            f.commit();
        }
        std::string bytes = rbtest::slurp(d / "h.tar");
        CHECK(bytes.substr(512, 512) == ImageTar::header_block("blobs/sha256/x", size, 1234567));
    }
    CHECK(ImageTar::fits_ustar((1ULL << 33) - 1, 0));
    CHECK(!ImageTar::fits_ustar(1ULL << 33, 0));
    CHECK(!ImageTar::fits_ustar(0, 1LL << 33));
}

TEST_CASE("check_layer: what is not a layer tar") {
    auto error_of = [&](const std::string& content) {
        try {
            check_layer(content.data(), content.size(), "x");
        } catch (const Error& e) {
            return e.reason();
        }
        return std::string("valid");
    };
    CHECK(error_of("") == "empty file, not a tar archive");
    CHECK(error_of("plain text\n") == "not a tar archive");
    CHECK(error_of(std::string("\x1f\x8b\x08\0\0\0\0\0", 8) + std::string(600, 'x')) ==
          "compressed; mkimage takes uncompressed layer tars");
    CHECK(error_of(std::string(1024, '\0')) == "valid");
    CHECK(error_of(std::string(10240, '\0')) == "valid");
}
