// gzip/block_reader.cc — content-defined block cuts with a gear rolling hash.
#include "gzip/block_reader.h"

#include <unistd.h>

#include <array>
#include <cstring>

#include "error.h"
#include "input.h"

namespace rb {

// 256 fixed pseudo-random 64-bit values (splitmix64 from a fixed seed): the
// cut points, and so the compressed bytes, must never change between builds.
static constexpr std::array<uint64_t, 256> make_gear() {
    std::array<uint64_t, 256> g{};
    uint64_t s = 0x7265646f626f78ULL;  // "redobox"
    for (auto& v : g) {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        v = z ^ (z >> 31);
    }
    return g;
}

// made by the compiler: no start-up cost for the commands that never cut
static constexpr std::array<uint64_t, 256> gear = make_gear();

size_t find_cut(const unsigned char* buf, size_t begin, size_t end, unsigned bits) {
    // Each step shifts the hash left by one, so a byte's influence is gone
    // after 64 steps: warming up on the 64 bytes before begin gives exactly
    // the hash a scan from the start of the stream would have.
    const uint64_t mask = ~uint64_t(0) << (64 - bits);
    uint64_t h = 0;
    size_t i = begin >= 64 ? begin - 64 : 0;
    for (; i < begin; i++) h = (h << 1) + gear[buf[i]];
    for (; i < end; i++) {
        h = (h << 1) + gear[buf[i]];
        if (!(h & mask)) return i + 1;
    }
    return 0;
}

BlockReader::BlockReader(int fd, std::string name, BlockLimits limits, size_t history)
    : fd_(fd), name_(std::move(name)), limits_(limits), history_(history) {
    if (limits_.min < 64) limits_.min = 64;
    if (limits_.max < limits_.min) limits_.max = limits_.min;
    buf_.resize(history_ + 4 * limits_.max);
}

// Read until a whole block of max bytes is buffered, or the input ends.
void BlockReader::fill() {
    if (buf_.size() - end_ < limits_.max) {
        // keep the history before start_, drop everything older
        size_t keep = start_ < history_ ? start_ : history_;
        std::memmove(buf_.data(), buf_.data() + start_ - keep, end_ - (start_ - keep));
        end_ -= start_ - keep;
        start_ = keep;
    }
    while (!eof_ && end_ - start_ < limits_.max) {
        size_t n = read_some(fd_, buf_.data() + end_, buf_.size() - end_, name_);
        if (n == 0) eof_ = true;
        end_ += n;
    }
}

bool BlockReader::next(Block& block) {
    fill();
    size_t avail = end_ - start_;
    if (avail == 0) return false;
    size_t len = avail < limits_.max ? avail : limits_.max;
    if (limits_.cut_bits && len > limits_.min) {
        size_t cut = find_cut(buf_.data(), start_ + limits_.min - 1, start_ + len - 1,
                              limits_.cut_bits);
        if (cut) len = cut - start_;
    }
    size_t dict = start_ < history_ ? start_ : history_;
    block.bytes.assign(buf_.data() + start_ - dict, buf_.data() + start_ + len);
    block.dict = dict;
    start_ += len;
    return true;
}

}  // namespace rb
