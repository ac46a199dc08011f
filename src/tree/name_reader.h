// tree/name_reader.h — the names an archive command reads: plain names or .list
// lines (whose id is dropped), one a line or NUL-terminated, made canonical.
// The first record says which: a name may itself end like an id ("x
// 0100644-0-0-0"), so guessing record by record would misread it.
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
    // Throws Error for an empty or unsafe name, and for a record that is
    // not a .list line when the first one was.
    bool next(std::string& name);

private:
    enum class Form { unknown, names, list };
    RecordReader records_;
    std::string record_;
    Form form_ = Form::unknown;
};

}  // namespace rb
