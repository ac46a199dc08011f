// image_zstd_test.cc — zstd_stream's frames (read back by libzstd's own
// decoder, independent of how they were cut), the same bytes for any thread
// count; ImageTar::copy_file the same bytes whether the kernel copies or not.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <random>

#include "helpers.h"
#include "image/tar.h"
#include "image/zstd.h"
#include "output.h"

using namespace rb;
using rbtest::ScratchDir;

namespace {

// Text that compresses but not to nothing: numbered lines with random words.
std::string sample(size_t n) {
    std::mt19937 rng(7);
    std::string s;
    const char* words[] = {"layer ", "image ", "frame ", "zstd ", "tar ", "blob "};
    for (unsigned line = 0; s.size() < n; line++) {
        s += std::to_string(line) + " ";
        for (int w = 0; w < 6; w++) s += words[rng() % 6];
        s += "\n";
    }
    s.resize(n);
    return s;
}

std::string compress(const std::string& path, unsigned threads, int level = 3) {
    ScratchDir d;
    int in = open(path.c_str(), O_RDONLY);
    REQUIRE(in >= 0);
    {
        AtomicFile f(d / "out.zst");
        ZstdOptions o;
        o.threads = threads;
        o.level = level;
        zstd_stream(in, path, f.writer(), o);
        f.writer().flush();
        f.commit();
    }
    close(in);
    return rbtest::slurp(d / "out.zst");
}

// Every frame of z decompressed with libzstd's streaming decoder; the frame count in frames.
std::string decompress(const std::string& z, int& frames) {
    frames = 0;
    for (size_t at = 0; at < z.size(); frames++) {
        size_t n = ZSTD_findFrameCompressedSize(z.data() + at, z.size() - at);
        REQUIRE(!ZSTD_isError(n));
        at += n;
    }
    ZSTD_DCtx* d = ZSTD_createDCtx();
    std::string out;
    std::vector<char> buf(1 << 17);
    ZSTD_inBuffer in = {z.data(), z.size(), 0};
    while (in.pos < in.size) {
        ZSTD_outBuffer o = {buf.data(), buf.size(), 0};
        size_t r = ZSTD_decompressStream(d, &o, &in);
        REQUIRE(!ZSTD_isError(r));
        out.append(buf.data(), o.pos);
    }
    ZSTD_freeDCtx(d);
    return out;
}

}  // namespace

TEST_CASE("zstd_stream: several frames, the input back, the same bytes for any thread count") {
    ScratchDir d;
    const std::string text = sample(12 << 20);
    rbtest::write_file(d / "in", text);
    std::string z1 = compress(d / "in", 1);
    int frames = 0;
    CHECK(decompress(z1, frames) == text);
    CHECK(frames >= 3);
    CHECK(z1.size() < text.size() / 3);
    CHECK(compress(d / "in", 2) == z1);
    CHECK(compress(d / "in", 7) == z1);
    std::string z19 = compress(d / "in", 2, 19);
    CHECK(z19.size() < z1.size());
    CHECK(decompress(z19, frames) == text);
}

TEST_CASE("zstd_stream: empty and tiny inputs") {
    ScratchDir d;
    int frames = 0;
    rbtest::write_file(d / "empty", "");
    std::string z = compress(d / "empty", 2);
    CHECK(decompress(z, frames).empty());
    CHECK(frames == 1);
    rbtest::write_file(d / "one", "x");
    CHECK(decompress(compress(d / "one", 2), frames) == "x");
    CHECK(frames == 1);
}

TEST_CASE("ImageTar::copy_file: the same archive into a file (kernel copy) and into a pipe") {
    ScratchDir d;
    const std::string data = sample(3 << 20) + "odd";  // not a multiple of 512
    rbtest::write_file(d / "layer", data);
    auto build = [&](Writer& w) {
        int fd = open((d / "layer").c_str(), O_RDONLY);
        REQUIRE(fd >= 0);
        ImageTar tar(w, 0);
        tar.directory("blobs/");
        tar.copy_file("blobs/a", fd, data, nullptr);
        tar.file("small", "hello");
        tar.copy_file("blobs/b", fd, data, nullptr);
        tar.finish();
        close(fd);
    };
    {
        AtomicFile f(d / "file.tar");
        build(f.writer());
        f.writer().flush();
        f.commit();
    }
    int p[2];
    REQUIRE(pipe(p) == 0);
    std::string piped;
    {
        // a child writes into the pipe (copy_file_range declines it), the test reads
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(p[0]);
            Writer w(p[1], "pipe");
            build(w);
            w.flush();
            _exit(0);
        }
        close(p[1]);
        char buf[1 << 16];
        ssize_t n;
        while ((n = read(p[0], buf, sizeof buf)) > 0) piped.append(buf, size_t(n));
        close(p[0]);
    }
    std::string file = rbtest::slurp(d / "file.tar");
    CHECK(file.size() % 10240 == 0);
    CHECK(piped == file);
    std::vector<rbtest::ArchiveEntry> es = rbtest::read_archive(file);
    REQUIRE(es.size() == 4);
    CHECK(es[1].name == "blobs/a");
    CHECK(es[1].data == data);
    CHECK(es[2].data == "hello");
    CHECK(es[3].data == data);
}
