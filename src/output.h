// output.h — checked, buffered output to a file descriptor, and files that
// appear only when complete (written beside the target, renamed on commit).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "unique_fd.h"

namespace rb {

// Buffered writer over a file descriptor. Every write error is thrown as
// Error(name, strerror): output is never silently truncated.
class Writer {
public:
    Writer(int fd, std::string name, size_t buffer = 1 << 16);
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    ~Writer();  // discards unflushed data: call flush() to keep it

    void write(const void* data, size_t n);
    void write(std::string_view s) { write(s.data(), s.size()); }
    void put(char c);
    void flush();
    int fd() const { return fd_; }
    const std::string& name() const { return name_; }
    unsigned long long bytes_written() const { return total_; }

private:
    void write_all(const char* p, size_t n);
    int fd_;
    std::string name_;
    std::vector<char> buf_;
    size_t used_ = 0;
    unsigned long long total_ = 0;
};

// A file that exists under its final name only once commit() succeeds.
// Until then it is a temporary beside it, removed on destruction or when a
// stop signal (signals.h: SIGINT, SIGTERM, SIGHUP, SIGPIPE) ends the
// process. A path that names something other than a regular file or a
// directory (a device such as /dev/null, a fifo) is written directly:
// renaming over it would replace it.
class AtomicFile {
public:
    // buffer: the Writer's (small files, such as redo's records, want a small one)
    explicit AtomicFile(std::string path, unsigned mode = 0666, size_t buffer = 1 << 18);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    Writer& writer() { return *writer_; }
    int fd() const { return fd_.get(); }
    const std::string& path() const { return path_; }
    void commit();

private:
    void create_temp(unsigned mode);
    void discard();
    std::string path_, temp_;
    UniqueFd fd_;
    int slot_ = -1;        // in the registry of signals.h
    bool direct_ = false;  // writing to the path itself, not to a temporary
    std::unique_ptr<Writer> writer_;
};

// Output that goes to a named file atomically, or to an already open
// descriptor (standard output) when no path is given.
class Destination {
public:
    Destination(const std::string& path, Writer& fallback);
    ~Destination();
    Writer& writer() { return file_ ? file_->writer() : fallback_; }
    void commit();

private:
    AtomicFile* file_ = nullptr;
    Writer& fallback_;
};

// Write a whole message (an error, a progress line) to a descriptor in one
// write where possible; errors are dropped: there is nowhere left to report them.
void write_message(int fd, const std::string& text);

// Refuse to write binary data to a terminal, as gzip does: a UsageError
// ("will not write WHAT to a terminal: ...") when fd is one.
void refuse_terminal(int fd, const std::string& what);

}  // namespace rb
