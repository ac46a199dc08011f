// gzip/gunzip.cc — gunzip_stream: every gzip member of a stream, decompressed with
// zlib's inflate, which checks each member's CRC and length.
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <vector>

#include "error.h"
#include "gzip/gzip.h"
#include "progress.h"

namespace rb {

namespace {

class Inflater {
public:
    Inflater() {
        // 15 + 16: gzip wrapper only, so a zlib or raw stream is refused
        if (inflateInit2(&s_, 15 + 16) != Z_OK) throw Error("inflate", "cannot initialise zlib");
    }
    ~Inflater() { inflateEnd(&s_); }
    z_stream* operator->() { return &s_; }
    z_stream* get() { return &s_; }

private:
    z_stream s_{};
};

}  // namespace

void gunzip_stream(int in_fd, const std::string& in_name, Writer& out, ProgressCounter* progress) {
    std::vector<unsigned char> in(1 << 18), buf(1 << 18);
    Inflater z;
    size_t pos = 0, end = 0;  // unread input is in[pos, end)
    bool eof = false, in_member = false;
    unsigned long long members = 0;

    // make at least want bytes of input available unless it ends first
    auto refill = [&](size_t want) {
        if (pos == end) pos = end = 0;
        if (end - pos >= want) return;
        if (pos) {
            std::copy(in.begin() + long(pos), in.begin() + long(end), in.begin());
            end -= pos;
            pos = 0;
        }
        while (!eof && end - pos < want) {
            ssize_t n = ::read(in_fd, in.data() + end, in.size() - end);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw_errno(in_name);
            }
            if (n == 0) eof = true;
            end += size_t(n);
            if (progress) progress->add(size_t(n));
        }
    };

    auto zeros_to_end = [&] {
        for (;;) {
            while (pos < end && in[pos] == 0) pos++;
            if (pos < end) return false;
            refill(1);
            if (pos == end) return true;
        }
    };

    for (;;) {
        if (!in_member) {
            refill(2);
            if (end - pos == 0 && members) return;
            if (end - pos < 2 || in[pos] != 0x1f || in[pos + 1] != 0x8b) {
                if (!members) {
                    if (end - pos == 0 || (end - pos == 1 && in[pos] == 0x1f))
                        throw Error(in_name, "unexpected end of file");
                    throw Error(in_name, "not in gzip format");
                }
                // zeros after the last member are tape-block padding, as gzip -d allows
                if (zeros_to_end()) return;
                throw Error(in_name, "trailing garbage after gzip data");
            }
            in_member = true;
        }
        refill(1);
        if (pos == end) throw Error(in_name, "unexpected end of file");
        z->next_in = in.data() + pos;
        z->avail_in = uInt(end - pos);
        int rc;
        do {
            z->next_out = buf.data();
            z->avail_out = uInt(buf.size());
            rc = inflate(z.get(), Z_NO_FLUSH);
            if (rc == Z_DATA_ERROR)
                throw Error(in_name, std::string("invalid compressed data: ") +
                                         (z->msg ? z->msg : "corrupt"));
            if (rc == Z_MEM_ERROR) throw Error(in_name, "out of memory");
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                throw Error(in_name, "inflate failed");
            out.write(buf.data(), buf.size() - z->avail_out);
        } while (rc == Z_OK && z->avail_out == 0);
        if (rc == Z_BUF_ERROR && z->avail_in == end - pos)
            throw Error(in_name, "invalid compressed data: no progress");
        pos = end - z->avail_in;
        if (rc == Z_STREAM_END) {
            inflateReset(z.get());
            in_member = false;
            members++;
        }
    }
}

}  // namespace rb
