// input.cc — RecordReader, input operands and whole-file reads.
#include "input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.h"

namespace rb {

RecordReader::RecordReader(int fd, char separator, std::string name)
    : fd_(fd), sep_(separator), name_(std::move(name)), buf_(1 << 16) {}

bool RecordReader::fill() {
    if (eof_) return false;
    if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    size_t n = read_some(fd_, buf_.data() + end_, buf_.size() - end_, name_);
    if (n == 0) eof_ = true;
    end_ += n;
    return n > 0;
}

bool RecordReader::next(std::string& record) {
    size_t searched = 0;  // bytes after pos_ already known to hold no separator
    for (;;) {
        const char* from = buf_.data() + pos_ + searched;
        const void* hit = std::memchr(from, sep_, end_ - pos_ - searched);
        if (hit) {
            size_t at = size_t(static_cast<const char*>(hit) - buf_.data());
            record.assign(buf_.data() + pos_, at - pos_);
            pos_ = at + 1;
            number_++;
            return true;
        }
        searched = end_ - pos_;
        if (!fill()) {
            if (pos_ == end_) return false;
            record.assign(buf_.data() + pos_, end_ - pos_);
            pos_ = end_;
            number_++;
            return true;
        }
    }
}

size_t read_some(int fd, void* buf, size_t n, const std::string& name) {
    for (;;) {
        ssize_t got = ::read(fd, buf, n);
        if (got >= 0) return size_t(got);
        if (errno != EINTR) throw_errno(name);
    }
}

InputFile::InputFile(const std::string& operand, int stdin_fd)
    : owned_(operand == "-" ? -1 : open_input(operand)),
      fd_(operand == "-" ? stdin_fd : owned_.get()),
      name_(operand == "-" ? "standard input" : operand) {}

int open_input(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw_errno(path);
    struct stat st;
    if (fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) throw Error(path, std::strerror(EISDIR));
    return fd.release();
}

std::string read_all(int fd, const std::string& name) {
    std::string data;
    char buf[1 << 16];
    while (size_t n = read_some(fd, buf, sizeof buf, name)) data.append(buf, n);
    return data;
}

std::string read_file(const std::string& path) {
    UniqueFd fd(open_input(path));
    return read_all(fd.get(), path);
}

bool read_file_if_exists(int dirfd, const std::string& name, std::string& out) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return false;
        throw_errno(name);
    }
    out = read_all(fd.get(), name);
    return true;
}

}  // namespace rb
