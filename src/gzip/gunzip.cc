// gzip/gunzip.cc — gunzip_stream: every gzip member of a stream, decompressed with
// zlib's inflate, which checks each member's CRC and length.
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <vector>

#include "error.h"
#include "gzip/gzip.h"
#include "input.h"
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

// The input side: a buffer over in_fd, and the members read so far.
class Gunzip {
public:
    Gunzip(int fd, const std::string& name, Writer& out, ProgressCounter* progress)
        : fd_(fd), name_(name), out_(out), progress_(progress) {}
    void run();

private:
    void refill(size_t want);
    bool zeros_to_end();
    bool start_member();
    bool inflate_some();

    int fd_;
    const std::string& name_;
    Writer& out_;
    ProgressCounter* progress_;
    std::vector<unsigned char> in_ = std::vector<unsigned char>(1 << 18);
    std::vector<unsigned char> buf_ = std::vector<unsigned char>(1 << 18);
    Inflater z_;
    size_t pos_ = 0, end_ = 0;  // unread input is in_[pos_, end_)
    bool eof_ = false;
    unsigned long long members_ = 0;
};

// Make at least want bytes of input available unless it ends first.
void Gunzip::refill(size_t want) {
    if (pos_ == end_) pos_ = end_ = 0;
    if (end_ - pos_ >= want) return;
    if (pos_) {
        std::copy(in_.begin() + long(pos_), in_.begin() + long(end_), in_.begin());
        end_ -= pos_;
        pos_ = 0;
    }
    while (!eof_ && end_ - pos_ < want) {
        size_t n = read_some(fd_, in_.data() + end_, in_.size() - end_, name_);
        if (n == 0) eof_ = true;
        end_ += n;
        if (progress_) progress_->add(n);
    }
}

// Whether nothing but zero bytes is left.
bool Gunzip::zeros_to_end() {
    for (;;) {
        while (pos_ < end_ && in_[pos_] == 0) pos_++;
        if (pos_ < end_) return false;
        refill(1);
        if (pos_ == end_) return true;
    }
}

// At a member's magic number: true; at the end of the input after at least
// one member: false; anything else is an error.
bool Gunzip::start_member() {
    refill(2);
    if (end_ - pos_ == 0 && members_) return false;
    if (end_ - pos_ >= 2 && in_[pos_] == 0x1f && in_[pos_ + 1] == 0x8b) return true;
    if (!members_) {
        if (end_ - pos_ == 0 || (end_ - pos_ == 1 && in_[pos_] == 0x1f))
            throw Error(name_, "unexpected end of file");
        throw Error(name_, "not in gzip format");
    }
    // zeros after the last member are tape-block padding, as gzip -d allows
    if (zeros_to_end()) return false;
    throw Error(name_, "trailing garbage after gzip data");
}

// Inflate the input at hand to out_; true when the member ended.
bool Gunzip::inflate_some() {
    refill(1);
    if (pos_ == end_) throw Error(name_, "unexpected end of file");
    z_->next_in = in_.data() + pos_;
    z_->avail_in = uInt(end_ - pos_);
    int rc;
    do {
        z_->next_out = buf_.data();
        z_->avail_out = uInt(buf_.size());
        rc = inflate(z_.get(), Z_NO_FLUSH);
        if (rc == Z_DATA_ERROR)
            throw Error(name_, std::string("invalid compressed data: ") + (z_->msg ? z_->msg : "corrupt"));
        if (rc == Z_MEM_ERROR) throw Error(name_, "out of memory");
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) throw Error(name_, "inflate failed");
        out_.write(buf_.data(), buf_.size() - z_->avail_out);
    } while (rc == Z_OK && z_->avail_out == 0);
    if (rc == Z_BUF_ERROR && z_->avail_in == end_ - pos_)
        throw Error(name_, "invalid compressed data: no progress");
    pos_ = end_ - z_->avail_in;
    return rc == Z_STREAM_END;
}

void Gunzip::run() {
    while (start_member()) {
        bool ended = false;
        while (!ended) ended = inflate_some();
        inflateReset(z_.get());
        members_++;
    }
}

}  // namespace

void gunzip_stream(int in_fd, const std::string& in_name, Writer& out, ProgressCounter* progress) {
    Gunzip(in_fd, in_name, out, progress).run();
}

}  // namespace rb
