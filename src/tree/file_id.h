// tree/file_id.h — what a path is, as a .list id: mode, owner and content digest.
#pragma once
#include <sys/stat.h>

#include <string>

#include "tree/fakeroot_db.h"
#include "tree/file_list.h"
#include "tree/safe_path.h"

namespace rb {

class ProgressCounter;

// The id of name: SHA-256 of a regular file's content or of a symlink's
// target, "0" for anything else. The name is looked up under dirs' root as
// the archive commands look their members up (see safe_path.h): an
// absolute name, a ".." component or a symlink on the way is refused, so
// no name reaches outside the root. Throws Error(name, …). The content's
// bytes are counted into progress as they are hashed, when given.
FileId file_id(ParentDirs& dirs, const std::string& name, const OwnerSource& owners,
               ProgressCounter* progress = nullptr);

// Open a directory for use as dirfd ("" or "." is the current directory).
int open_dir(const std::string& path);

}  // namespace rb
