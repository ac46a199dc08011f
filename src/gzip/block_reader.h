// gzip/block_reader.h — cut a stream into blocks for independent compression, at
// content-defined points so that an edit in the input moves only nearby cuts.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rb {

struct BlockLimits {
    size_t min;         // no content-defined cut before this many bytes (>= 64)
    size_t max;         // no block is longer
    unsigned cut_bits;  // cut where the rolling hash has its top cut_bits bits
                        // zero, about once in 2^cut_bits bytes; 0: fixed-size
                        // blocks of max bytes
};

// A block of input, preceded by up to `history` bytes of the input before it
// (the dictionary a compressor may prime itself with).
struct Block {
    std::vector<unsigned char> bytes;  // dictionary, then the block
    size_t dict = 0;                   // length of the dictionary
    const unsigned char* data() const { return bytes.data() + dict; }
    size_t size() const { return bytes.size() - dict; }
};

// The first content-defined cut among bytes [begin, end) of buf: i + 1 for
// the first i whose rolling hash hits, or 0 when none does. Whether i hits
// depends only on buf[i-63 .. i] (a gear hash: 64-bit shift-and-add), so
// bytes from begin - 64 (or 0) on are read.
size_t find_cut(const unsigned char* buf, size_t begin, size_t end, unsigned bits);

class BlockReader {
public:
    // name is used in errors; history is the dictionary length kept per block
    BlockReader(int fd, std::string name, BlockLimits limits, size_t history = 32768);
    // The next block, never empty; false at the end of input.
    bool next(Block& block);

private:
    void fill();
    int fd_;
    std::string name_;
    BlockLimits limits_;
    size_t history_;
    std::vector<unsigned char> buf_;  // [0, start_): earlier input; [start_, end_): unread
    size_t start_ = 0, end_ = 0;
    bool eof_ = false;
};

}  // namespace rb
