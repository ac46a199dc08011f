// gzip/gzip.cc — gzip_stream: parallel, reproducible, rsyncable gzip on
// libdeflate. The input is cut into blocks (at content-defined points when
// rsyncable); each block is deflated on its own with libdeflate, which is
// about three times zlib's speed, and its deflate stream is left open and
// byte-aligned (as zlib's sync flush ends a block, see gzip_splice.h); the
// blocks are joined in order into one gzip member and their CRCs combined.
// A block's output depends only on its own bytes, so the stream is the same
// whatever the thread count, and an edit changes only the blocks it touches.
//
// One member, not one per block: the Linux kernel unpacking a gzipped initrd
// wants each member to end at the end of a cpio archive.
#include "gzip/gzip.h"

#include <libdeflate.h>
#include <zlib.h>

#include <mutex>
#include <vector>

#include "gzip/block_reader.h"
#include "error.h"
#include "gzip/gzip_splice.h"
#include "ordered_pool.h"
#include "progress.h"

namespace rb {

namespace {

// Rsyncable: a cut about every 64 KiB past a 64 KiB minimum, so blocks of
// 128 KiB on average (as pigz uses): large enough that starting each without
// the input before it costs little (libdeflate's output is still smaller than
// gzip -6's), small enough that an edit disturbs little output. Without it,
// fixed 1 MiB blocks, which skip the hash scan.
constexpr BlockLimits kRsyncable = {64 * 1024, 1024 * 1024, 16};
constexpr BlockLimits kFixed = {1024 * 1024, 1024 * 1024, 0};

// libdeflate compressors, one per worker at most, reused across blocks
// because each allocates several hundred kilobytes.
class CompressorPool {
public:
    explicit CompressorPool(int level) : level_(level) {}
    ~CompressorPool() {
        for (libdeflate_compressor* c : free_) libdeflate_free_compressor(c);
    }
    libdeflate_compressor* acquire() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (!free_.empty()) {
                libdeflate_compressor* c = free_.back();
                free_.pop_back();
                return c;
            }
        }
        libdeflate_compressor* c = libdeflate_alloc_compressor(level_);
        if (!c) throw Error("deflate", "cannot allocate a compressor");
        return c;
    }
    void release(libdeflate_compressor* c) {
        std::lock_guard<std::mutex> lock(mu_);
        free_.push_back(c);
    }

private:
    int level_;
    std::mutex mu_;
    std::vector<libdeflate_compressor*> free_;
};

struct Piece {
    Block in;
    std::vector<unsigned char> out;
    uint32_t crc = 0;
};

void deflate_block(CompressorPool& pool, Piece& p) {
    libdeflate_compressor* c = pool.acquire();
    struct Give {
        CompressorPool& pool;
        libdeflate_compressor* c;
        ~Give() { pool.release(c); }
    } give{pool, c};
    size_t n = p.in.size();
    p.out.resize(libdeflate_deflate_compress_bound(c, n));
    size_t used = libdeflate_deflate_compress(c, p.in.data(), n, p.out.data(), p.out.size());
    if (used == 0) throw Error("deflate", "libdeflate failed");
    p.out.resize(used);
    open_deflate_end(p.out);
    p.crc = libdeflate_crc32(0, p.in.data(), n);
}

void put_le32(unsigned char* p, uLong v) {
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

}  // namespace

void gzip_stream(int in_fd, const std::string& in_name, Writer& out, const GzipOptions& opts) {
    int level = opts.level < 1 ? 1 : opts.level > 9 ? 9 : opts.level;
    // no name, mtime 0, XFL as gzip sets it, OS 3 (Unix) whatever the host
    const unsigned char header[10] = {
        0x1f, 0x8b, 8, 0, 0, 0, 0, 0, (unsigned char)(level == 9 ? 2 : level == 1 ? 4 : 0), 3};
    out.write(header, sizeof header);

    BlockReader reader(in_fd, in_name, opts.rsyncable ? kRsyncable : kFixed, 0);
    CompressorPool pool(level);
    uLong crc = crc32(0, nullptr, 0);
    unsigned long long total = 0;
    unsigned threads = opts.threads ? opts.threads : 1;
    // a window of several blocks a worker, so the workers keep going while
    // the calling thread (reading, cutting, writing) waits for a CPU on a
    // busy machine; blocks average 128 KiB, so this costs little memory
    ordered_for_each<Piece>(
        threads, 4 * threads + 8,
        [&](Piece& p) {
            if (!reader.next(p.in)) return false;
            if (opts.progress) opts.progress->add(p.in.size());
            return true;
        },
        [&](Piece& p) { deflate_block(pool, p); },
        [&](Piece& p) {
            out.write(p.out.data(), p.out.size());
            crc = crc32_combine(crc, p.crc, z_off_t(p.in.size()));
            total += p.in.size();
        });

    // an empty final block with fixed codes ends the deflate stream
    unsigned char trailer[10] = {0x03, 0x00};
    put_le32(trailer + 2, crc);
    put_le32(trailer + 6, uLong(total & 0xffffffffu));
    out.write(trailer, sizeof trailer);
}

}  // namespace rb
