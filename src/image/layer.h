// image/layer.h — a layer tar given to mkimage, in memory (mapped): checked
// to be a tar that reads to its end, and hashed (its diff_id) on a second
// thread while the caller copies the same bytes into the archive.
#pragma once
#include <functional>
#include <string>

namespace rb {

class ProgressCounter;

struct LayerFile {
    std::string diff_id;          // "sha256:HEX" of every byte
    unsigned long long size = 0;  // bytes
};

// Check the tar held in data[0, size) (named name in errors) and hash it.
// Throws Error(name, ...) when it is empty, compressed, not a tar, or
// damaged (libarchive cannot walk every entry to the end-of-archive mark).
// Once it is known to be a tar, meanwhile (when given) runs while the hash
// is computed on another thread; its exceptions come out after the hash ends.
// The hashed bytes are counted into progress as they go, when given.
// With fd (the same bytes from offset 0, a file), the hash reads them with
// pread through a small buffer: faster than hashing the mapped pages,
// which misses the TLB every 4 KiB.
LayerFile check_layer(const void* data, size_t size, const std::string& name,
                      const std::function<void()>& meanwhile = nullptr,
                      ProgressCounter* progress = nullptr, int fd = -1);

}  // namespace rb
