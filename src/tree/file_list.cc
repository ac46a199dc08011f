// tree/file_list.cc — formatting and parsing .list records.
#include "tree/file_list.h"

#include <cstdio>

namespace rb {

std::string format_id(const FileId& id) {
    char head[64];
    int n = std::snprintf(head, sizeof head, "%07o-%lu-%lu-", unsigned(id.mode), id.uid, id.gid);
    std::string s(head, size_t(n));
    s += id.digest;
    return s;
}

std::string format_entry(const ListEntry& e) {
    std::string s;
    s.reserve(e.name.size() + 90);
    s += e.name;
    s += ' ';
    s += format_id(e.id);
    return s;
}

namespace {

bool take_number(std::string_view& s, int base, size_t max_digits, unsigned long& out) {
    size_t i = 0;
    unsigned long v = 0;
    while (i < s.size() && i < max_digits && s[i] >= '0' && s[i] < char('0' + base)) {
        v = v * unsigned(base) + unsigned(s[i] - '0');
        i++;
    }
    if (i == 0) return false;
    s.remove_prefix(i);
    out = v;
    return true;
}

bool is_digest(std::string_view s) {
    if (s == "0") return true;
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::optional<FileId> parse_id(std::string_view text) {
    FileId id;
    unsigned long mode;
    std::string_view s = text;
    // exactly seven octal digits, then decimal uid and gid of at most 10 digits
    if (s.size() < 7 || !take_number(s, 8, 7, mode) || text.size() - s.size() != 7) return {};
    if (s.empty() || s[0] != '-') return {};
    s.remove_prefix(1);
    if (!take_number(s, 10, 10, id.uid) || s.empty() || s[0] != '-') return {};
    s.remove_prefix(1);
    if (!take_number(s, 10, 10, id.gid) || s.empty() || s[0] != '-') return {};
    s.remove_prefix(1);
    if (!is_digest(s)) return {};
    id.mode = mode_t(mode);
    id.digest = std::string(s);
    return id;
}

std::optional<ListEntry> parse_entry(std::string_view line) {
    size_t sp = line.rfind(' ');
    if (sp == std::string_view::npos || sp == 0) return {};
    auto id = parse_id(line.substr(sp + 1));
    if (!id) return {};
    return ListEntry{std::string(line.substr(0, sp)), std::move(*id)};
}

}  // namespace rb
