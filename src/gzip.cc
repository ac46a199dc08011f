// gzip.cc — gzip_stream: parallel, reproducible, rsyncable gzip on zlib's
// deflate. The input is cut into blocks (at content-defined points when
// rsyncable); each block is deflated on its own, primed with the 32 KiB of
// input before it, and ended with a sync flush so it ends on a byte boundary;
// the blocks are joined in order and their CRCs combined. A block's output
// depends only on its bytes and the 32 KiB before them, so the stream is the
// same whatever the thread count, and an edit changes only nearby blocks.
#include "gzip.h"

#include <zlib.h>

#include <memory>
#include <mutex>
#include <vector>

#include "block_reader.h"
#include "error.h"
#include "ordered_pool.h"
#include "progress.h"

namespace rb {

namespace {

constexpr size_t kWindow = 32768;  // deflate's window: the dictionary length

// Rsyncable: a cut about every 64 KiB past a 64 KiB minimum, so blocks of
// 128 KiB on average (as pigz uses): large enough that priming each with its
// dictionary costs little, small enough that an edit disturbs little output.
// Without it, fixed 1 MiB blocks, which skip the hash scan and most primes.
// Sizes come out within 1% of each other, either way round, depending on
// where the sync flushes split deflate's blocks.
constexpr BlockLimits kRsyncable = {64 * 1024, 1024 * 1024, 16};
constexpr BlockLimits kFixed = {1024 * 1024, 1024 * 1024, 0};

// deflate streams, one per worker at most, reused across blocks because
// deflateInit allocates a quarter of a megabyte.
class DeflaterPool {
public:
    explicit DeflaterPool(int level) : level_(level) {}
    ~DeflaterPool() {
        for (z_stream* s : free_) {
            deflateEnd(s);
            delete s;
        }
    }
    z_stream* acquire() {
        {
            std::lock_guard<std::mutex> lock(mu_);
            if (!free_.empty()) {
                z_stream* s = free_.back();
                free_.pop_back();
                deflateReset(s);
                return s;
            }
        }
        auto s = std::make_unique<z_stream>();
        // raw deflate: the gzip header and trailer are written here
        if (deflateInit2(s.get(), level_, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error("deflate", "cannot initialise zlib");
        return s.release();
    }
    void release(z_stream* s) {
        std::lock_guard<std::mutex> lock(mu_);
        free_.push_back(s);
    }

private:
    int level_;
    std::mutex mu_;
    std::vector<z_stream*> free_;
};

struct Piece {
    Block in;
    std::vector<unsigned char> out;
    uLong crc = 0;
};

void deflate_block(DeflaterPool& pool, Piece& p) {
    z_stream* s = pool.acquire();
    struct Give {
        DeflaterPool& pool;
        z_stream* s;
        ~Give() { pool.release(s); }
    } give{pool, s};
    if (p.in.dict) deflateSetDictionary(s, p.in.bytes.data(), uInt(p.in.dict));
    size_t n = p.in.size();
    p.out.resize(deflateBound(s, uLong(n)) + 16);
    s->next_in = const_cast<Bytef*>(p.in.data());
    s->avail_in = uInt(n);
    size_t used = 0;
    for (;;) {
        s->next_out = p.out.data() + used;
        s->avail_out = uInt(p.out.size() - used);
        int rc = deflate(s, Z_SYNC_FLUSH);
        used = p.out.size() - s->avail_out;
        if (rc != Z_OK && rc != Z_BUF_ERROR) throw Error("deflate", s->msg ? s->msg : "failed");
        if (s->avail_in == 0 && s->avail_out != 0) break;
        p.out.resize(p.out.size() * 2);
    }
    p.out.resize(used);
    p.crc = crc32(0, p.in.data(), uInt(n));
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

    BlockReader reader(in_fd, in_name, opts.rsyncable ? kRsyncable : kFixed, kWindow);
    DeflaterPool pool(level);
    uLong crc = crc32(0, nullptr, 0);
    unsigned long long total = 0;
    unsigned threads = opts.threads ? opts.threads : 1;
    ordered_for_each<Piece>(
        threads, 2 * threads + 2,
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
