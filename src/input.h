// input.h — reading records (lines or NUL-terminated names) from a stream,
// and whole small files.
#pragma once
#include <string>
#include <vector>

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

// Open a path for reading ("-" is standard input); throws Error(path, reason).
int open_input(const std::string& path);

// The whole content of a file; throws Error(path, reason).
std::string read_file(const std::string& path);

}  // namespace rb
