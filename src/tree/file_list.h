// tree/file_list.h — the .list format: "NAME MODE-UID-GID-DIGEST", one per line
// (or NUL-terminated), sorted bytewise so comm(1) can compare two lists.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace rb {

struct FileId {
    mode_t mode = 0;
    unsigned long uid = 0, gid = 0;
    std::string digest;  // lowercase hex SHA-256, or "0"
};

struct ListEntry {
    std::string name;
    FileId id;
};

// "0100755-0-0-<hex>"
std::string format_id(const FileId& id);
// "NAME ID"
std::string format_entry(const ListEntry& e);

// Parse the id field; nullopt when it is not one.
std::optional<FileId> parse_id(std::string_view text);
// A .list line: the id is the last space-separated field (names may hold
// spaces). nullopt when the line does not end in an id, as a plain name
// does not. The one parser of .list lines: NameReader, sbom and the tests
// all read them through it.
std::optional<ListEntry> parse_entry(std::string_view line);

}  // namespace rb
