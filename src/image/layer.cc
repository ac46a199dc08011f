// image/layer.cc — walk a layer tar in memory with libarchive (headers
// only: the data is skipped by pointer), while nettle hashes every byte on a
// second thread.
#include "image/layer.h"

#include <archive.h>
#include <archive_entry.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <future>
#include <memory>

#include "error.h"
#include "progress.h"
#include "sha256.h"

namespace rb {

namespace {

bool looks_compressed(const unsigned char* p, size_t n) {
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return true;                               // gzip
    if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd) return true;  // zstd
    if (n >= 6 && p[0] == 0xfd && p[1] == '7' && p[2] == 'z' && p[3] == 'X') return true;      // xz
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h') return true;                    // bzip2
    return false;
}

// Empty when libarchive reads the whole tar, else why it could not.
std::string walk_tar(const void* data, size_t size) {
    struct archive* a = archive_read_new();
    if (!a) return "out of memory";
    // Only the tar bytes themselves: a compressed layer would need its diff_id
    // computed from the inflated stream, which is not what was given.
    archive_read_support_format_tar(a);
    std::string problem;
    if (archive_read_open_memory(a, data, size) != ARCHIVE_OK) {
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
    return problem;
}

// Hash size bytes: from fd by pread when it is given, else from data.
void hash_bytes(Sha256& hash, const void* data, size_t size, int fd, const std::string& name,
                ProgressCounter* progress) {
    constexpr size_t kPiece = 256 << 10;  // stays in the cache; a progress line moves
    std::unique_ptr<unsigned char[]> buf(fd >= 0 ? new unsigned char[kPiece] : nullptr);
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (size_t at = 0; at < size;) {
        size_t n = std::min(kPiece, size - at);
        if (fd >= 0) {
            ssize_t got = pread(fd, buf.get(), n, off_t(at));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw_errno(name);
            if (got == 0) throw Error(name, "file changed while mkimage read it (shorter now)");
            n = size_t(got);
        }
        hash.update(fd >= 0 ? buf.get() : p + at, n);
        if (progress) progress->add(n);
        at += n;
    }
}

}  // namespace

LayerFile check_layer(const void* data, size_t size, const std::string& name,
                      const std::function<void()>& meanwhile, ProgressCounter* progress, int fd) {
    if (size == 0) throw Error(name, "empty file, not a tar archive");
    Sha256 hash;
    // The future's destructor waits for the hash: nothing below leaves it running.
    std::future<void> hashing =
        std::async(std::launch::async, [&] { hash_bytes(hash, data, size, fd, name, progress); });
    std::string problem = walk_tar(data, size);
    if (!problem.empty()) {
        if (looks_compressed(static_cast<const unsigned char*>(data), size))
            throw Error(name, "compressed; mkimage takes uncompressed layer tars");
        if (problem == "Unrecognized archive format") throw Error(name, "not a tar archive");
        throw Error(name, "damaged tar archive: " + problem);
    }
    if (meanwhile) meanwhile();
    hashing.get();
    LayerFile f;
    f.diff_id = "sha256:" + to_hex(hash.digest());
    f.size = size;
    return f;
}

}  // namespace rb
