// image_layer.cc — walk a layer tar with libarchive while hashing the raw
// bytes that libarchive reads, so checking and hashing cost one read.
#include "image_layer.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "error.h"
#include "sha256.h"

namespace rb {

namespace {

struct HashingSource {
    int fd = -1;
    Sha256 hash;
    std::vector<unsigned char> buf = std::vector<unsigned char>(1 << 20);
    unsigned long long total = 0;
    unsigned char head[8] = {};  // the first bytes, to recognise a compressed file
    size_t head_n = 0;
    int err = 0;

    ssize_t fill() {
        for (;;) {
            ssize_t n = ::read(fd, buf.data(), buf.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                err = errno;
                return -1;
            }
            hash.update(buf.data(), size_t(n));
            while (head_n < sizeof head && head_n < total + size_t(n)) {
                head[head_n] = buf[head_n - total];
                head_n++;
            }
            total += size_t(n);
            return n;
        }
    }
};

la_ssize_t read_callback(struct archive* a, void* data, const void** out) {
    auto* src = static_cast<HashingSource*>(data);
    ssize_t n = src->fill();
    if (n < 0) archive_set_error(a, src->err, "read error");
    *out = src->buf.data();
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

LayerFile read_layer(int fd, const std::string& name) {
    HashingSource src;
    src.fd = fd;
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
    bool empty = src.total == 0;
    bool compressed = looks_compressed(src.head, src.head_n);
    archive_read_free(a);
    if (src.err) throw_errno(name, src.err);
    if (empty) throw Error(name, "empty file, not a tar archive");
    if (!problem.empty()) {
        if (compressed) throw Error(name, "compressed; mkimage takes uncompressed layer tars");
        if (problem == "Unrecognized archive format") throw Error(name, "not a tar archive");
        throw Error(name, "damaged tar archive: " + problem);
    }
    // The rest (zero padding past the end-of-archive mark) is part of the blob too.
    while (src.fill() > 0) {
    }
    if (src.err) throw_errno(name, src.err);
    LayerFile f;
    f.diff_id = "sha256:" + to_hex(src.hash.digest());
    f.size = src.total;
    return f;
}

}  // namespace rb
