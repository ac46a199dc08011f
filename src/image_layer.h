// image_layer.h — a layer tar given to mkimage: checked to be a tar that
// reads to its end, and hashed (its diff_id) in the same single read, which
// can also feed the bytes on (so the archive is written in that one read).
#pragma once
#include <functional>
#include <string>

namespace rb {

struct LayerFile {
    std::string diff_id;          // "sha256:HEX" of every byte of the file
    unsigned long long size = 0;  // bytes
};

// Receives every chunk of the file, in order, as it is read.
using LayerSink = std::function<void(const void* data, size_t n)>;

// Read the tar at fd (named name in errors) from its current offset to its
// end, passing each chunk to sink when there is one. Throws Error(name, ...)
// when it is empty, compressed, not a tar, or damaged (libarchive cannot walk
// every entry to the end-of-archive mark); an exception from sink is rethrown.
LayerFile read_layer(int fd, const std::string& name, const LayerSink& sink = nullptr);

}  // namespace rb
