// tree/fakeroot_db.cc — parsing fakeroot's "dev=HEX,ino=N,mode=OCT,..." records.
#include "tree/fakeroot_db.h"

#include <cerrno>
#include <cstring>

#include "error.h"
#include "input.h"

namespace rb {

namespace {

// Parse the value of "key=" at the front of s in the given base, up to ',' or
// the end; advances s past the separator.
bool take_field(std::string_view& s, const char* key, int base, unsigned long long& out) {
    size_t klen = std::strlen(key);
    if (s.size() <= klen || s.compare(0, klen, key) != 0 || s[klen] != '=') return false;
    s.remove_prefix(klen + 1);
    unsigned long long v = 0;
    size_t i = 0;
    for (; i < s.size() && s[i] != ','; i++) {
        int d;
        char c = s[i];
        if (c >= '0' && c <= '9') d = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return false;
        if (d >= base) return false;
        if (v > (~0ULL - unsigned(d)) / unsigned(base)) return false;  // overflow
        v = v * unsigned(base) + unsigned(d);
    }
    if (i == 0) return false;
    s.remove_prefix(i < s.size() ? i + 1 : i);
    out = v;
    return true;
}

}  // namespace

FakerootDb FakerootDb::parse(std::string_view text, const std::string& name) {
    FakerootDb db;
    unsigned long line_no = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        line_no++;
        if (line.empty()) continue;
        struct {
            const char* key;
            int base;
            unsigned long long value;
        } f[] = {{"dev", 16, 0},  {"ino", 10, 0},   {"mode", 8, 0}, {"uid", 10, 0},
                 {"gid", 10, 0},  {"nlink", 10, 0}, {"rdev", 10, 0}};
        std::string_view rest = line;
        for (auto& field : f) {
            if (!take_field(rest, field.key, field.base, field.value))
                throw Error(name + ":" + std::to_string(line_no),
                            std::string("bad or missing field '") + field.key + "'");
        }
        if (!rest.empty())
            throw Error(name + ":" + std::to_string(line_no), "unexpected text after 'rdev'");
        if (f[2].value > 0177777 || f[3].value > 0xffffffffULL || f[4].value > 0xffffffffULL)
            throw Error(name + ":" + std::to_string(line_no), "value out of range");
        FileKey key{dev_t(f[0].value), ino_t(f[1].value)};
        db.entries_[key] = Entry{mode_t(f[2].value), uid_t(f[3].value), gid_t(f[4].value),
                                 dev_t(f[6].value)};
    }
    return db;
}

FakerootDb FakerootDb::load(const std::string& path) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0 && errno == ENOENT) return FakerootDb();
    return parse(read_file(path), path);
}

void FakerootDb::apply(struct stat& st) const {
    auto it = entries_.find(FileKey{st.st_dev, st.st_ino});
    if (it == entries_.end()) {
        // fakeroot reports every file it has no record of as root's
        st.st_uid = 0;
        st.st_gid = 0;
        return;
    }
    st.st_mode = it->second.mode;
    st.st_uid = it->second.uid;
    st.st_gid = it->second.gid;
    st.st_rdev = it->second.rdev;
}

OwnerSource OwnerSource::from_option(const std::string& path) {
    if (path.empty()) return OwnerSource();
    return OwnerSource(FakerootDb::load(path));
}

}  // namespace rb
