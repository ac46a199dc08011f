// input.h — reading records (lines or NUL-terminated names) from a stream,
// a command's input operands ("-" is standard input), and whole files.
#pragma once
#include <string>
#include <vector>

#include "unique_fd.h"

namespace rb {

class RecordReader {
public:
    // name is used in error messages ("standard input", a path)
    RecordReader(int fd, char separator, std::string name = "standard input");
    // Next record without its separator; a last record lacking one still counts.
    bool next(std::string& record);
    // 1-based number of the record last returned
    unsigned long long number() const { return number_; }
    const std::string& name() const { return name_; }

private:
    bool fill();
    int fd_;
    char sep_;
    std::string name_;
    std::vector<char> buf_;
    size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
    unsigned long long number_ = 0;
};

// An input named by a command's operand, the one place where "-" means the
// invocation's standard input: "-" is stdin_fd (left open, named "standard
// input" in errors), anything else a file opened for reading (closed with
// this). Throws Error(path, reason), EISDIR for a directory.
class InputFile {
public:
    InputFile(const std::string& operand, int stdin_fd);
    int fd() const { return fd_; }
    const std::string& name() const { return name_; }
    bool is_stdin() const { return owned_.get() < 0; }

private:
    UniqueFd owned_;
    int fd_;
    std::string name_;
};

// Open a file for reading; "-" is a file name like any other here (commands
// use InputFile). Throws Error(path, reason), EISDIR for a directory.
int open_input(const std::string& path);

// One read(2) of up to n bytes, retried when a signal interrupts it; 0 at
// the end. Throws Error(name, reason).
size_t read_some(int fd, void* buf, size_t n, const std::string& name);

// All of fd from where it stands to its end; throws Error(name, reason).
std::string read_all(int fd, const std::string& name);

// The whole content of a file; throws Error(path, reason).
std::string read_file(const std::string& path);

// The whole content of name (relative to dirfd, or AT_FDCWD) into out;
// false, out untouched, when it does not exist (ENOENT, ENOTDIR). Other
// failures throw Error(name, reason).
bool read_file_if_exists(int dirfd, const std::string& name, std::string& out);

}  // namespace rb
