// image/layer.h — one layer of an image: the tar file given to mkimage,
// mapped into memory, and the blob that stores it in the archive; checked to
// be a tar that reads to its end, and hashed (its diff_id) on a second thread
// while the caller copies or compresses the same bytes.
#pragma once
#include <sys/stat.h>

#include <functional>
#include <string>

#include "gzip/gzip.h"
#include "image/zstd.h"
#include "unique_fd.h"

namespace rb {

class ProgressCounter;

enum class Compression { none, gzip, zstd };

// A read-only shared mapping of a whole file, unmapped on destruction.
class Mapping {
public:
    Mapping() = default;
    Mapping(int fd, size_t size, const std::string& name);  // throws Error(name, ...)
    Mapping(Mapping&& o) noexcept : p_(o.p_), size_(o.size_) { o.p_ = nullptr; }
    Mapping& operator=(Mapping&& o) noexcept;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();
    const unsigned char* data() const { return p_; }
    size_t size() const { return size_; }

private:
    const unsigned char* p_ = nullptr;
    size_t size_ = 0;
};

// One layer. The blob's members are what the archive's documents say of it
// (config.h); a layer built by hand, as in tests, has only those. A layer
// opened by open_layer also holds its file, which mkimage copies into the
// archive or compresses into a temporary.
struct Layer {
    // the blob
    std::string diff_id;          // "sha256:HEX" of the uncompressed tar
    std::string digest;           // "sha256:HEX" of the blob as stored
    unsigned long long size = 0;  // bytes of the blob as stored
    Compression compression = Compression::none;  // how the blob holds the tar
    std::string name;             // for the history entry (the file's base name)

    // the file
    std::string path;  // for errors
    UniqueFd tar_fd;   // the tar: compressed from offset 0, or copied by the kernel
    Mapping tar;       // the tar, mapped
    struct stat st {};         // the file when it was opened: its identity and times
    struct timespec seen {};   // the time just before st was taken
    UniqueFd blob_fd;  // compressed: the blob, read from offset 0
    GzipOptions gzip;  // when compression says gzip
    ZstdOptions zstd;  // when compression says zstd
    bool hashed = false;      // diff_id (and digest when stored as is) known
    bool compressed = false;  // blob_fd holds the blob, when compression is not none
    bool cached = false;      // diff_id came from the digest cache, unchecked here
    bool first = true;        // the first time this file is given
};

// Open the layer tar at path ("-" and anything but a regular file refused,
// without opening a FIFO), stat it and map it. Its size is the tar's; the
// digests are left to check_layer.
Layer open_layer(const std::string& path);

// Check the tar held in data[0, size) (named name in errors) and hash it:
// "sha256:HEX" of every byte.
// Throws Error(name, ...) when it is empty, compressed, not a tar, or
// damaged (libarchive cannot walk every entry to the end-of-archive mark).
// Once it is known to be a tar, meanwhile (when given) runs while the hash
// is computed on another thread; its exceptions come out after the hash ends.
// The hashed bytes are counted into progress as they go, when given.
// With fd (the same bytes from offset 0, a file), the hash reads them with
// pread through a small buffer: faster than hashing the mapped pages,
// which misses the TLB every 4 KiB.
std::string check_layer(const void* data, size_t size, const std::string& name,
                        const std::function<void()>& meanwhile = nullptr,
                        ProgressCounter* progress = nullptr, int fd = -1);

}  // namespace rb
