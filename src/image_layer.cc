// image_layer.cc — walk a layer tar with libarchive while hashing the raw
// bytes that libarchive reads, so checking and hashing cost one read. The
// hash of one chunk runs on a second thread while the next is read and the
// current one goes to the sink.
#include "image_layer.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <future>
#include <vector>

#include "error.h"
#include "sha256.h"

namespace rb {

namespace {

constexpr size_t kChunk = 2 << 20;

struct HashingSource {
    int fd = -1;
    const LayerSink* sink = nullptr;
    Sha256 hash;
    std::future<void> hashing;  // the hash of the previous chunk, running
    // Two buffers: libarchive reads one while the other may still be hashed.
    std::vector<unsigned char> buf[2] = {std::vector<unsigned char>(kChunk),
                                         std::vector<unsigned char>(kChunk)};
    int cur = 0;
    unsigned long long total = 0;
    unsigned char head[8] = {};  // the first bytes, to recognise a compressed file
    size_t head_n = 0;
    int err = 0;
    std::exception_ptr sink_error;  // kept while libarchive unwinds

    ~HashingSource() { wait(); }
    void wait() {
        if (hashing.valid()) hashing.get();
    }

    // Read the next chunk into the other buffer; -1 on error, 0 at the end.
    ssize_t fill() {
        cur ^= 1;
        unsigned char* p = buf[cur].data();
        ssize_t n;
        do n = ::read(fd, p, kChunk);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            err = errno;
            return -1;
        }
        while (head_n < sizeof head && head_n < total + size_t(n)) {
            head[head_n] = p[head_n - total];
            head_n++;
        }
        total += size_t(n);
        // Hashes must be applied in order: the previous one ends first.
        wait();
        if (n > 0) hashing = std::async(std::launch::async, [this, p, n] { hash.update(p, size_t(n)); });
        if (n > 0 && sink && *sink && !sink_error) {
            try {
                (*sink)(p, size_t(n));
            } catch (...) {
                // An exception must not cross libarchive's C frames.
                sink_error = std::current_exception();
                return -1;
            }
        }
        return n;
    }
};

la_ssize_t read_callback(struct archive* a, void* data, const void** out) {
    auto* src = static_cast<HashingSource*>(data);
    ssize_t n = src->fill();
    if (n < 0) archive_set_error(a, src->err ? src->err : EIO, "read error");
    *out = src->buf[src->cur].data();
    return n;
}

bool looks_compressed(const unsigned char* p, size_t n) {
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return true;                               // gzip
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return true;  // zstd
    if (n >= 6 && p[0] == 0xfd && p[1] == '7' && p[2] == 'z' && p[3] == 'X') return true;      // xz
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h') return true;                    // bzip2
    return false;
}

}  // namespace

LayerFile read_layer(int fd, const std::string& name, const LayerSink& sink) {
    HashingSource src;
    src.fd = fd;
    src.sink = &sink;
    struct archive* a = archive_read_new();
    if (!a) throw Error(name, "out of memory");
    archive_read_support_format_tar(a);
    // Only the tar bytes themselves: a compressed layer would need its diff_id
    // computed from the inflated stream, which is not what was given.
    std::string problem;
    if (archive_read_open(a, &src, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
        problem = archive_error_string(a) ? archive_error_string(a) : "cannot read";
    } else {
        struct archive_entry* entry;
        for (;;) {
            int r = archive_read_next_header(a, &entry);
            if (r == ARCHIVE_EOF) break;
            if (r == ARCHIVE_OK || r == ARCHIVE_WARN) r = archive_read_data_skip(a);
            if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
                problem = archive_error_string(a) ? archive_error_string(a) : "damaged";
                break;
            }
        }
    }
    archive_read_free(a);
    if (src.sink_error) std::rethrow_exception(src.sink_error);
    if (src.err) throw_errno(name, src.err);
    if (src.total == 0) throw Error(name, "empty file, not a tar archive");
    if (!problem.empty()) {
        if (looks_compressed(src.head, src.head_n))
            throw Error(name, "compressed; mkimage takes uncompressed layer tars");
        if (problem == "Unrecognized archive format") throw Error(name, "not a tar archive");
        throw Error(name, "damaged tar archive: " + problem);
    }
    // The rest (zero padding past the end-of-archive mark) is part of the blob too.
    while (src.fill() > 0) {
    }
    if (src.sink_error) std::rethrow_exception(src.sink_error);
    if (src.err) throw_errno(name, src.err);
    src.wait();
    LayerFile f;
    f.diff_id = "sha256:" + to_hex(src.hash.digest());
    f.size = src.total;
    return f;
}

}  // namespace rb
