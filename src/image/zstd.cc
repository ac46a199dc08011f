// image/zstd.cc — zstd_stream: the input cut at content-defined points
// (block_reader.h) into blocks of 1 to 4 MiB, each compressed on a worker
// thread into its own zstd frame, the frames written in input order. A
// zstd stream may hold several frames (RFC 8878), and every decoder reads
// them all. Debian's static libzstd has no threads, so neither its
// multi-threaded mode nor the rsyncable mode that needs it is there; frames
// cut by content give both properties instead: an edit changes the frames
// around it only, and the bytes do not depend on the number of threads.
#include "image/zstd.h"

#include <zstd.h>

#include <memory>

#include "gzip/block_reader.h"
#include "error.h"
#include "ordered_pool.h"
#include "progress.h"

namespace rb {

namespace {

// 1 MiB before a cut may come, then about one in 512 KiB, 4 MiB at most.
// Measured on 208 MB of /usr/lib at level 3: 1.3% larger than zstd
// --rsyncable's one frame; after a line inserted in a 39 MB layer, 87% of
// the blob's bytes are in unchanged frames (8 MiB frames: 0.5% and 81%).
constexpr BlockLimits kFrames = {1 << 20, 4 << 20, 19};

struct Piece {
    Block in;
    std::vector<char> out;
};

struct CCtxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

void check_zstd(size_t rc, const std::string& name) {
    if (ZSTD_isError(rc)) throw Error(name, std::string("zstd: ") + ZSTD_getErrorName(rc));
}

// One frame: the level given, a checksum, the content size (known here).
void compress_piece(Piece& p, int level, const std::string& name) {
    thread_local std::unique_ptr<ZSTD_CCtx, CCtxFree> c(ZSTD_createCCtx());
    if (!c) throw Error(name, "zstd: out of memory");
    check_zstd(ZSTD_CCtx_reset(c.get(), ZSTD_reset_session_and_parameters), name);
    check_zstd(ZSTD_CCtx_setParameter(c.get(), ZSTD_c_compressionLevel, level), name);
    check_zstd(ZSTD_CCtx_setParameter(c.get(), ZSTD_c_checksumFlag, 1), name);
    p.out.resize(ZSTD_compressBound(p.in.size()));
    size_t n = ZSTD_compress2(c.get(), p.out.data(), p.out.size(), p.in.data(), p.in.size());
    check_zstd(n, name);
    p.out.resize(n);
}

}  // namespace

void zstd_stream(int in_fd, const std::string& in_name, Writer& out, const ZstdOptions& opts) {
    const int level = opts.level < 1 ? 1 : opts.level > 19 ? 19 : opts.level;
    const unsigned threads = opts.threads ? opts.threads : 1;
    BlockReader reader(in_fd, in_name, kFrames, 0);
    bool any = false;
    ordered_for_each<Piece>(
        threads, threads + 1,
        [&](Piece& p) {
            if (!reader.next(p.in)) return false;
            if (opts.progress) opts.progress->add(p.in.size());
            return true;
        },
        [&](Piece& p) { compress_piece(p, level, in_name); },
        [&](Piece& p) {
            out.write(p.out.data(), p.out.size());
            any = true;
        });
    if (!any) {  // empty input: one empty frame, which decoders read as nothing
        Piece p;
        compress_piece(p, level, in_name);
        out.write(p.out.data(), p.out.size());
    }
}

}  // namespace rb
