// image/zstd.h — a layer tar compressed to zstd frames with libzstd:
// rsyncable, and the same bytes whatever the number of threads.
#pragma once
#include <string>

#include "output.h"

namespace rb {

class ProgressCounter;

struct ZstdOptions {
    int level = 3;         // 1..19, zstd's own default
    unsigned threads = 1;  // worker threads
    ProgressCounter* progress = nullptr;  // counts input bytes as they are read
};

// Read in_fd to its end and write it to out as zstd frames (no dictionary,
// a checksum and the content size in each). in_name is used in errors.
void zstd_stream(int in_fd, const std::string& in_name, Writer& out, const ZstdOptions& opts);

}  // namespace rb
