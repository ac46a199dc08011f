// file_id.h — what a path is, as a .list id: mode, owner and content digest.
#pragma once
#include <sys/stat.h>

#include <string>

#include "fakeroot_db.h"
#include "file_list.h"

namespace rb {

class ProgressCounter;

// lstat name relative to dirfd, seen through owners. Throws Error(name, …).
struct stat stat_path(int dirfd, const std::string& name, const OwnerSource& owners);

// The id of name: SHA-256 of a regular file's content or of a symlink's
// target, "0" for anything else. Throws Error(name, …). The content's bytes
// are counted into progress as they are hashed, when given.
FileId file_id(int dirfd, const std::string& name, const OwnerSource& owners,
               ProgressCounter* progress = nullptr);

// A symlink's target text. Throws Error(name, …).
std::string read_link(int dirfd, const std::string& name);

// Open a directory for use as dirfd ("" or "." is the current directory).
int open_dir(const std::string& path);

}  // namespace rb
