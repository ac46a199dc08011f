// redo/paths.h — path arithmetic for redo: lexical normalisation, relative
// paths, and the flat file names that hold each target's state in .redo/.
#pragma once
#include <string>

namespace rb::redo {

// "a/./b//c/../d" -> "a/b/d"; absolute stays absolute; "" and "." -> ".".
// Lexical only: ".." is folded without looking at symlinks, as redo's own
// callers name paths (apenwarr's redo and redo-c do the same).
std::string normalize_path(const std::string& path);

// name when it is absolute, else dir/name; normalised.
std::string join_path(const std::string& dir, const std::string& name);

// The path from directory base to path, both absolute and normalised:
// relative_path("/t/a/b", "/t/c") == "../a/b"; the same path gives ".".
std::string relative_path(const std::string& path, const std::string& base);

// "a/b/c" -> "a/b", "c" -> ".", "/c" -> "/".
std::string dir_name(const std::string& path);
// "a/b/c" -> "c".
std::string base_name(const std::string& path);

// The flat file name for a key (a target's path relative to the top of the
// tree) inside .redo/db and friends: '%' and '/' escaped as %25 and %2F, a
// leading '~' as %7E; names too long for a directory entry become
// "~" followed by the SHA-256 of the key.
std::string state_name(const std::string& key);

// The key a state_name() came from ("" for a hashed one, which cannot be).
std::string name_of_state(const std::string& state);

}  // namespace rb::redo
