// name_reader.h — the names an archive command reads: plain names or .list
// lines (whose id is dropped), one a line or NUL-terminated, made canonical.
#pragma once
#include <string>

#include "input.h"

namespace rb {

class NameReader {
public:
    // name is used in error messages ("standard input", a path)
    NameReader(int fd, bool nul, std::string name = "standard input")
        : records_(fd, nul ? '\0' : '\n', std::move(name)) {}
    // The next name in canonical form (see canonical_name); false at the end.
    // Throws Error for an empty or unsafe name.
    bool next(std::string& name);

private:
    RecordReader records_;
    std::string record_;
};

}  // namespace rb
