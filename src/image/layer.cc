// image/layer.cc — open and map a layer tar; walk it in memory with
// libarchive (headers only: the data is skipped by pointer), while nettle
// hashes every byte on a second thread.
#include "image/layer.h"

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <future>
#include <memory>

#include "error.h"
#include "input.h"
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

std::string base_name(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Mapping::Mapping(int fd, size_t size, const std::string& name) {
    void* p = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) throw_errno(name);
    p_ = static_cast<const unsigned char*>(p);
    size_ = size;
    madvise(p, size, MADV_SEQUENTIAL);
}

Mapping& Mapping::operator=(Mapping&& o) noexcept {
    if (this != &o) {
        if (p_) munmap(const_cast<unsigned char*>(p_), size_);
        p_ = o.p_;
        size_ = o.size_;
        o.p_ = nullptr;
    }
    return *this;
}

Mapping::~Mapping() {
    if (p_) munmap(const_cast<unsigned char*>(p_), size_);
}

Layer open_layer(const std::string& path) {
    if (path == "-") throw Error(path, "a layer must be a file, not standard input");
    // Looked at before it is opened: opening a FIFO would wait for a writer.
    struct stat st;
    if (stat(path.c_str(), &st) != 0) throw_errno(path);
    if (S_ISDIR(st.st_mode)) throw_errno(path, EISDIR);
    if (!S_ISREG(st.st_mode)) throw Error(path, "a layer must be a regular file");
    Layer l;
    l.path = path;
    l.name = base_name(path);
    l.tar_fd = UniqueFd(open_input(path));
    // the time first, then the file's: the digest cache compares the two
    clock_gettime(CLOCK_REALTIME, &l.seen);
    if (fstat(l.tar_fd.get(), &l.st) != 0) throw_errno(path);
    if (!S_ISREG(l.st.st_mode)) throw Error(path, "a layer must be a regular file");
    if (l.st.st_size == 0) throw Error(path, "empty file, not a tar archive");
    l.size = (unsigned long long)l.st.st_size;
    l.tar = Mapping(l.tar_fd.get(), size_t(l.st.st_size), path);
    return l;
}

std::string check_layer(const void* data, size_t size, const std::string& name,
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
    return "sha256:" + to_hex(hash.digest());
}

}  // namespace rb
