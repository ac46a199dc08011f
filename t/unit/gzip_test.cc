// gzip_test.cc — block cuts, gzip_stream and gunzip_stream.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <libdeflate.h>
#include <zlib.h>

#include <random>
#include <set>
#include <thread>

#include "gzip/block_reader.h"
#include "error.h"
#include "gzip/gzip.h"
#include "gzip/gzip_splice.h"
#include "helpers.h"
#include "output.h"

using namespace rb;
using rbtest::read_back;
using rbtest::temp_fd;

namespace {

std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::string s(n, '\0');
    for (char& c : s) c = char(rng());
    return s;
}

// text-like data that compresses: words from a small vocabulary
std::string words(size_t n, unsigned seed) {
    static const char* vocab[] = {"layer ", "image ", "tar ", "gzip ", "redo ", "\n",
                                  "busybox ", "kernel ", "0123 ", "fakeroot "};
    std::mt19937 rng(seed);
    std::string s;
    while (s.size() < n) s += vocab[rng() % 10];
    s.resize(n);
    return s;
}

// Run f(in_fd, writer) over content, returning what it wrote.
template <class F>
std::string through(const std::string& content, F f) {
    int in = temp_fd(content), out = temp_fd("");
    {
        Writer w(out, "output");
        try {
            f(in, w);
        } catch (...) {
            close(in);
            close(out);
            throw;
        }
        w.flush();
    }
    std::string result = read_back(out);
    close(in);
    close(out);
    return result;
}

std::string gz(const std::string& data, GzipOptions o = {}) {
    return through(data, [&](int in, Writer& w) { gzip_stream(in, "in", w, o); });
}

std::string gunzip(const std::string& data) {
    return through(data, [&](int in, Writer& w) { gunzip_stream(in, "in", w); });
}

std::vector<Block> blocks_of(int fd, BlockLimits limits) {
    BlockReader r(fd, "in", limits);
    std::vector<Block> out;
    Block b;
    while (r.next(b)) out.push_back(b);
    return out;
}

std::vector<Block> blocks_of(const std::string& data, BlockLimits limits) {
    int fd = temp_fd(data);
    auto out = blocks_of(fd, limits);
    close(fd);
    return out;
}

std::set<size_t> cut_offsets(const std::vector<Block>& blocks) {
    std::set<size_t> cuts;
    size_t at = 0;
    for (const Block& b : blocks) cuts.insert(at += b.size());
    return cuts;
}

const unsigned char* bytes(const std::string& s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

TEST_CASE("find_cut: a hit depends only on the 64 bytes ending at it") {
    std::string a = random_bytes(1 << 20, 1), b = random_bytes(1 << 20, 2);
    size_t hits = 0;
    for (size_t at = 64; at < a.size();) {
        size_t cut = find_cut(bytes(a), at, a.size(), 10);
        if (!cut) break;
        hits++;
        // the same 64 bytes elsewhere, after different bytes, hit too
        size_t where = 5000 + hits * 7;
        b.replace(where - 63, 64, a, cut - 64, 64);
        CHECK(find_cut(bytes(b), where, where + 1, 10) == where + 1);
        at = cut;
    }
    // about one hit in 2^10 bytes
    CHECK(hits > 800);
    CHECK(hits < 1300);
    CHECK(find_cut(bytes(a), 100, 100, 10) == 0);
}

TEST_CASE("blocks: cover the input, within limits, with the input before as dictionary") {
    std::string data = words(3 << 20, 3);
    BlockLimits limits{4096, 65536, 13};
    auto blocks = blocks_of(data, limits);
    REQUIRE(blocks.size() > 100);
    size_t at = 0;
    for (size_t i = 0; i < blocks.size(); i++) {
        const Block& b = blocks[i];
        CHECK(b.size() <= limits.max);
        if (i + 1 < blocks.size()) CHECK(b.size() >= limits.min);
        size_t dict = at < 32768 ? at : 32768;
        REQUIRE(b.dict == dict);
        CHECK(std::string(b.bytes.begin(), b.bytes.end()) == data.substr(at - dict, dict + b.size()));
        at += b.size();
    }
    CHECK(at == data.size());
}

TEST_CASE("blocks: fixed sizes without cut bits; empty input gives none") {
    auto blocks = blocks_of(random_bytes(300000, 4), BlockLimits{65536, 65536, 0});
    REQUIRE(blocks.size() == 5);
    for (int i = 0; i < 4; i++) CHECK(blocks[i].size() == 65536);
    CHECK(blocks[4].size() == 300000 - 4 * 65536);
    CHECK(blocks_of("", BlockLimits{65536, 65536, 16}).empty());
}

TEST_CASE("blocks: the cuts after an inserted byte fall where they fell before") {
    std::string a = words(4 << 20, 5);
    std::string b = a;
    b.insert(b.begin() + 2000000, 'X');
    BlockLimits limits{16384, 262144, 14};
    auto ca = cut_offsets(blocks_of(a, limits)), cb = cut_offsets(blocks_of(b, limits));
    // before the edit the cuts are the same; well after it, the same shifted by one
    std::set<size_t> before_a, before_b, after_a, after_b;
    for (size_t c : ca) (c < 2000000 ? before_a : after_a).insert(c);
    for (size_t c : cb) (c < 2000000 ? before_b : after_b).insert(c);
    CHECK(before_a == before_b);
    size_t resync = 2000000 + 2 * limits.max;
    std::set<size_t> tail_a, tail_b;
    for (size_t c : after_a)
        if (c > resync) tail_a.insert(c + 1);
    for (size_t c : after_b)
        if (c > resync + 1) tail_b.insert(c);
    CHECK(tail_a.size() > 50);
    CHECK(tail_a == tail_b);
}

TEST_CASE("blocks: a pipe's short reads give the same blocks as a file") {
    std::string data = words(1 << 20, 6);
    int p[2];
    REQUIRE(pipe(p) == 0);
    std::thread feeder([&] {
        // small, uneven writes
        for (size_t at = 0; at < data.size();) {
            size_t n = std::min<size_t>(data.size() - at, 1000 + at % 7777);
            if (write(p[1], data.data() + at, n) != ssize_t(n)) break;
            at += n;
        }
        close(p[1]);
    });
    BlockLimits limits{4096, 65536, 13};
    auto piped = blocks_of(p[0], limits);
    feeder.join();
    close(p[0]);
    auto filed = blocks_of(data, limits);
    REQUIRE(piped.size() == filed.size());
    for (size_t i = 0; i < piped.size(); i++) CHECK(piped[i].bytes == filed[i].bytes);
}

namespace {

// raw deflate of data by libdeflate at level, as one complete stream
std::vector<unsigned char> libdeflate_raw(const std::string& data, int level) {
    libdeflate_compressor* c = libdeflate_alloc_compressor(level);
    REQUIRE(c);
    std::vector<unsigned char> out(libdeflate_deflate_compress_bound(c, data.size()));
    size_t n = libdeflate_deflate_compress(c, data.data(), data.size(), out.data(), out.size());
    libdeflate_free_compressor(c);
    REQUIRE(n > 0);
    out.resize(n);
    return out;
}

// zlib's raw inflate of a whole deflate stream; "" when it is not one
std::string zlib_inflate_raw(const std::vector<unsigned char>& in) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, -15) == Z_OK);
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = uInt(in.size());
    std::string out;
    int rc;
    do {
        unsigned char buf[65536];
        z.next_out = buf;
        z.avail_out = sizeof buf;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(reinterpret_cast<char*>(buf), sizeof buf - z.avail_out);
    } while (rc == Z_OK);
    bool whole = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    return whole ? out : "";
}

}  // namespace

TEST_CASE("open_deflate_end: libdeflate streams joined into one, every block type and end bit") {
    std::set<size_t> ends;  // bits used in the last byte of the streams seen
    for (int level : {0, 1, 6, 9}) {
        std::string all;
        std::vector<unsigned char> joined;
        for (size_t n : {1, 2, 3, 5, 17, 100, 999, 4096, 65536, 200000}) {
            for (unsigned seed = 0; seed < 3; seed++) {
                std::string data = seed == 2 ? random_bytes(n, unsigned(n)) : words(n, seed + unsigned(n));
                std::vector<unsigned char> d = libdeflate_raw(data, level);
                size_t before = d.size();
                open_deflate_end(d);
                // the piece ends as zlib's sync flush does, one byte longer at most
                REQUIRE(d.size() >= before + 4);
                REQUIRE(d.size() <= before + 5);
                CHECK(std::vector<unsigned char>(d.end() - 4, d.end()) ==
                      std::vector<unsigned char>{0, 0, 0xff, 0xff});
                ends.insert(d.size() - before);
                all += data;
                joined.insert(joined.end(), d.begin(), d.end());
            }
        }
        joined.push_back(0x03);  // an empty final block with fixed codes
        joined.push_back(0x00);
        CHECK(zlib_inflate_raw(joined) == all);
    }
    CHECK(ends.size() == 2);  // both the 4-byte and the 5-byte ending occurred
}

TEST_CASE("open_deflate_end: a truncated or damaged stream is an error") {
    std::vector<unsigned char> d = libdeflate_raw(words(100000, 3), 6);
    std::vector<unsigned char> cut(d.begin(), d.begin() + long(d.size() / 2));
    CHECK_THROWS_AS(open_deflate_end(cut), Error);
    std::vector<unsigned char> longer = d;
    longer.push_back(0);  // a byte after the end of the stream
    CHECK_THROWS_AS(open_deflate_end(longer), Error);
    std::vector<unsigned char> reserved = {0x07, 0, 0};  // BTYPE 11
    CHECK_THROWS_AS(open_deflate_end(reserved), Error);
    std::vector<unsigned char> empty;
    CHECK_THROWS_AS(open_deflate_end(empty), Error);
}

TEST_CASE("gzip: a header without name or time, and exact round trips") {
    for (size_t n : {0, 1, 1000, 70000, 300000}) {
        std::string data = n % 2 ? random_bytes(n, 7) : words(n, 7);
        std::string z = gz(data);
        CHECK(z.substr(0, 10) == std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03", 10));
        CHECK(gunzip(z) == data);
    }
    CHECK(gz("").size() == 20);  // header, an empty final block, CRC and length
    GzipOptions best;
    best.level = 9;
    CHECK(gz("abc", best)[8] == 2);
    GzipOptions fast;
    fast.level = 1;
    CHECK(gz("abc", fast)[8] == 4);
}

TEST_CASE("gzip: the same bytes whatever the thread count") {
    std::string data = words(3 << 20, 8) + random_bytes(1 << 20, 8) + words(2 << 20, 9);
    for (bool rsyncable : {true, false}) {
        GzipOptions o;
        o.rsyncable = rsyncable;
        o.threads = 1;
        std::string one = gz(data, o);
        o.threads = 2;
        CHECK(gz(data, o) == one);
        o.threads = 5;
        CHECK(gz(data, o) == one);
        CHECK(gunzip(one) == data);
    }
}

TEST_CASE("gzip: levels trade size for speed, all round trip") {
    std::string data = words(1 << 20, 10);
    GzipOptions o;
    o.level = 1;
    std::string fast = gz(data, o);
    o.level = 9;
    std::string best = gz(data, o);
    CHECK(best.size() < fast.size());
    CHECK(gunzip(fast) == data);
    CHECK(gunzip(best) == data);
}

TEST_CASE("gzip: an edit mid-stream leaves the output around it alone") {
    std::string a = words(8 << 20, 11);
    std::string b = a;
    b[4 << 20] ^= 1;
    std::string za = gz(a), zb = gz(b);
    size_t prefix = 0;
    while (prefix < za.size() && prefix < zb.size() && za[prefix] == zb[prefix]) prefix++;
    // the last 8 bytes are the CRC and length: the CRC must change
    size_t suffix = 0;
    while (suffix < za.size() - 8 &&
           za[za.size() - 9 - suffix] == zb[zb.size() - 9 - suffix])
        suffix++;
    CHECK(prefix + suffix >= za.size() * 98 / 100);
    CHECK(za.substr(za.size() - 4) == zb.substr(zb.size() - 4));
}

TEST_CASE("gzip: a read error names the input") {
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    Writer w(open("/dev/null", O_WRONLY), "null");
    try {
        gzip_stream(fd, "the input", w, GzipOptions{});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.subject() == "the input");
        CHECK(e.reason() == "Is a directory");
    }
    close(fd);
    close(w.fd());
}

static std::string gunzip_error(const std::string& data) {
    auto e = rbtest::error_of([&] { gunzip(data); });
    if (!e) return "no error";
    CHECK(e->subject() == "in");
    return e->reason();
}

TEST_CASE("gunzip: members one after another, zero padding, and every kind of damage") {
    std::string a = words(200000, 12), b = random_bytes(100000, 12);
    std::string za = gz(a), zb = gz(b);
    CHECK(gunzip(za + zb) == a + b);
    CHECK(gunzip(za + gz("") + zb) == a + b);
    CHECK(gunzip(za + std::string(100000, '\0')) == a);

    CHECK(gunzip_error("") == "unexpected end of file");
    CHECK(gunzip_error("\x1f") == "unexpected end of file");
    CHECK(gunzip_error("hello") == "not in gzip format");
    CHECK(gunzip_error(za.substr(0, za.size() / 2)) == "unexpected end of file");
    CHECK(gunzip_error(za.substr(0, za.size() - 1)) == "unexpected end of file");
    CHECK(gunzip_error(za + "junk") == "trailing garbage after gzip data");
    CHECK(gunzip_error(za + std::string(10, '\0') + "x") == "trailing garbage after gzip data");
    std::string bad_crc = za;
    bad_crc[bad_crc.size() - 8] ^= 1;
    CHECK(gunzip_error(bad_crc) == "invalid compressed data: incorrect data check");
    std::string bad_len = za;
    bad_len[bad_len.size() - 1] ^= 1;
    CHECK(gunzip_error(bad_len) == "invalid compressed data: incorrect length check");
    std::string bad_method = za;
    bad_method[2] = 7;
    CHECK(gunzip_error(bad_method) == "invalid compressed data: unknown compression method");
    std::string garbled = za;
    for (size_t i = 1000; i < 1100; i++) garbled[i] = char(i * 37);
    CHECK(gunzip_error(garbled).rfind("invalid compressed data: ", 0) == 0);
}
