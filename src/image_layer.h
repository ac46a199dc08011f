// image_layer.h — a layer tar given to mkimage: checked to be a tar that
// reads to its end, and hashed (its diff_id) in the same single read.
#pragma once
#include <string>

namespace rb {

struct LayerFile {
    std::string diff_id;          // "sha256:HEX" of every byte of the file
    unsigned long long size = 0;  // bytes
};

// Read the tar at fd (named name in errors) from its current offset to its
// end. Throws Error(name, ...) when it is empty, compressed, not a tar, or
// damaged (libarchive cannot walk every entry to the end-of-archive mark).
LayerFile read_layer(int fd, const std::string& name);

}  // namespace rb
