// gzip/gzip_splice.cc — open_deflate_end: find the last block of a raw deflate
// stream by walking its blocks (decoding symbols, writing nothing), clear its
// BFINAL bit, and end the stream with an empty stored block. libdeflate has
// no sync flush; this is one, after the fact.
#include "gzip/gzip_splice.h"

#include <cstdint>
#include <cstring>

#include "error.h"

namespace rb {

namespace {

[[noreturn]] void bad() { throw Error("deflate", "not a complete deflate stream"); }

// LSB-first bit reader over data that has at least 8 readable bytes past n.
class Bits {
public:
    Bits(const unsigned char* p, size_t n) : p_(p), limit_(uint64_t(n) * 8) {}
    uint64_t peek() const {
        uint64_t v;
        std::memcpy(&v, p_ + (pos_ >> 3), 8);
        return v >> (pos_ & 7);  // at least 57 valid bits
    }
    unsigned take(unsigned n) {
        unsigned v = unsigned(peek() & ((uint64_t(1) << n) - 1));
        skip(n);
        return v;
    }
    void skip(unsigned n) {
        pos_ += n;
        if (pos_ > limit_) bad();
    }
    uint64_t pos() const { return pos_; }
    void align() { pos_ = (pos_ + 7) & ~uint64_t(7); }

private:
    const unsigned char* p_;
    uint64_t pos_ = 0, limit_;
};

// Canonical Huffman decoding tables indexed by the next `bits` input bits.
// For the code length code an entry is symbol << 4 | code length. For the
// literal/length and distance codes it is what the walk needs: the bits the
// symbol takes with its extra bits (low 5 bits) and its kind.
enum Kind : uint16_t { kInvalid = 0, kLiteral = 32, kLength = 64, kEnd = 96 };
constexpr uint16_t kKindMask = 96;
enum class Code { lengths, literals, distances };

const unsigned char kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

// The entry for symbol s of a code, whose codeword is l bits long.
uint16_t entry(unsigned s, unsigned l, Code code) {
    if (code == Code::lengths) return uint16_t(s << 4 | l);
    if (code == Code::distances) {
        if (s > 29) return kInvalid;
        return uint16_t(kLiteral | (l + (s < 4 ? 0 : (s - 2) / 2)));  // kind: any valid
    }
    if (s < 256) return uint16_t(kLiteral | l);
    if (s == 256) return uint16_t(kEnd | l);
    if (s > 285) return kInvalid;
    return uint16_t(kLength | (l + kLengthExtra[s - 257]));
}

struct Table {
    unsigned bits = 0;
    std::vector<uint16_t> e;
    void build(const unsigned char* len, unsigned n, Code kind) {
        unsigned count[16] = {0}, next[16];
        bits = 0;
        for (unsigned s = 0; s < n; s++) {
            count[len[s]]++;
            if (len[s] > bits) bits = len[s];
        }
        if (bits == 0) bits = 1;  // no codes: any lookup fails
        count[0] = 0;
        unsigned code = 0;
        for (unsigned l = 1; l < 16; l++) {
            code = (code + count[l - 1]) << 1;
            next[l] = code;
        }
        e.assign(size_t(1) << bits, 0);
        for (unsigned s = 0; s < n; s++) {
            unsigned l = len[s];
            if (!l) continue;
            unsigned c = next[l]++, r = 0;
            if (c >= (1u << l)) bad();  // over-subscribed
            for (unsigned i = 0; i < l; i++) r |= ((c >> i) & 1) << (l - 1 - i);
            uint16_t v = entry(s, l, kind);
            for (size_t j = r; j < e.size(); j += size_t(1) << l) e[j] = v;
        }
    }
    uint16_t at(uint64_t b) const { return e[b & ((uint64_t(1) << bits) - 1)]; }
};

// A symbol of the code length code.
unsigned decode_length_symbol(Bits& in, const Table& t) {
    uint16_t v = t.at(in.peek());
    if (!(v & 15)) bad();
    in.skip(v & 15);
    return v >> 4;
}

void read_dynamic(Bits& in, Table& lit, Table& dist) {
    static const unsigned char order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                            11, 4,  12, 3, 13, 2, 14, 1, 15};
    unsigned nlit = in.take(5) + 257, ndist = in.take(5) + 1, nclen = in.take(4) + 4;
    if (nlit > 286 || ndist > 30) bad();
    unsigned char clen[19] = {0}, len[286 + 30] = {0};
    for (unsigned i = 0; i < nclen; i++) clen[order[i]] = (unsigned char)in.take(3);
    Table cl;
    cl.build(clen, 19, Code::lengths);
    for (unsigned i = 0; i < nlit + ndist;) {
        unsigned s = decode_length_symbol(in, cl), rep = 0;
        unsigned char v = 0;
        if (s < 16) {
            len[i++] = (unsigned char)s;
            continue;
        }
        if (s == 16) {
            if (i == 0) bad();
            v = len[i - 1];
            rep = 3 + in.take(2);
        } else if (s == 17) {
            rep = 3 + in.take(3);
        } else {
            rep = 11 + in.take(7);
        }
        if (i + rep > nlit + ndist) bad();
        while (rep--) len[i++] = v;
    }
    lit.build(len, nlit, Code::literals);
    dist.build(len + nlit, ndist, Code::distances);
}

// Walk the symbols of one Huffman block up to its end-of-block code. A
// literal/length code with its extra bits and a distance code with its
// extra bits take 48 bits at most.
void skip_codes(Bits& in, const Table& lit, const Table& dist) {
    for (;;) {
        // decode symbols from one load while a whole length/distance pair
        // (48 bits at most) still fits in the 57 bits it holds
        uint64_t b = in.peek();
        unsigned used = 0;
        while (used <= 57 - 48) {
            uint16_t v = lit.at(b);
            unsigned n = v & 31;
            uint16_t kind = v & kKindMask;
            if (kind == kLength) {
                uint16_t d = dist.at(b >> n);
                if (!d) bad();
                n += d & 31;
            } else if (kind != kLiteral) {
                if (kind != kEnd) bad();
                in.skip(used + n);
                return;
            }
            b >>= n;
            used += n;
        }
        in.skip(used);
    }
}

const Table& fixed_table(bool distances) {
    static const Table* t = [] {
        static Table tabs[2];
        unsigned char len[288];
        for (unsigned s = 0; s < 288; s++) len[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
        tabs[0].build(len, 288, Code::literals);
        unsigned char d[30];
        std::memset(d, 5, sizeof d);
        tabs[1].build(d, 30, Code::distances);
        return tabs;
    }();
    return t[distances ? 1 : 0];
}

// The bit offset of the last block's header; end gets the bit after the stream.
uint64_t find_last_block(const unsigned char* p, size_t n, uint64_t& end) {
    Bits in(p, n);
    Table lit, dist;
    for (;;) {
        uint64_t head = in.pos();
        unsigned final = in.take(1), type = in.take(2);
        if (type == 0) {
            in.align();
            unsigned len = in.take(16), nlen = in.take(16);
            if ((len ^ 0xffff) != nlen) bad();
            in.skip(len * 8);
        } else if (type == 1) {
            skip_codes(in, fixed_table(false), fixed_table(true));
        } else if (type == 2) {
            read_dynamic(in, lit, dist);
            skip_codes(in, lit, dist);
        } else {
            bad();
        }
        if (final) {
            end = in.pos();
            return head;
        }
    }
}

}  // namespace

void open_deflate_end(std::vector<unsigned char>& d) {
    size_t n = d.size();
    d.resize(n + 8, 0);  // the bit reader loads 8 bytes at a time
    uint64_t end = 0;
    uint64_t last = find_last_block(d.data(), n, end);
    if ((end + 7) / 8 != n) bad();
    d[last >> 3] &= (unsigned char)~(1u << (last & 7));
    // an empty stored block: 3 zero header bits, zeros to the byte boundary,
    // then LEN 0 and NLEN 0xffff
    unsigned used = unsigned(end & 7);  // bits used in the last byte, 0: all 8
    d.resize(n);
    if (used) d[n - 1] &= (unsigned char)((1u << used) - 1);
    if (used == 0 || used > 5) d.push_back(0);
    const unsigned char empty_stored[4] = {0x00, 0x00, 0xff, 0xff};
    d.insert(d.end(), empty_stored, empty_stored + 4);
}

}  // namespace rb
