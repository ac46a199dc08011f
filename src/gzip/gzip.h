// gzip/gzip.h — reproducible, parallel, rsyncable gzip compression on libdeflate,
// and multi-member gzip decompression on zlib.
#pragma once
#include <string>

#include "output.h"

namespace rb {

class ProgressCounter;

struct GzipOptions {
    int level = 6;          // 1..9
    unsigned threads = 1;   // worker threads
    bool rsyncable = true;  // content-defined resets so small edits stay local
    ProgressCounter* progress = nullptr;  // counts input bytes as they are read
};

// Read in_fd to its end; write one gzip member (no file name, mtime 0, fixed
// OS byte) to out. in_name is used in errors. Byte-identical output for the
// same input and options, whatever the thread count.
void gzip_stream(int in_fd, const std::string& in_name, Writer& out, const GzipOptions& opts);

// Decompress every gzip member from in_fd to out; corrupt or truncated input
// is an Error naming in_name. Input bytes are counted into progress as they
// are read, when given.
void gunzip_stream(int in_fd, const std::string& in_name, Writer& out,
                   ProgressCounter* progress = nullptr);

}  // namespace rb
