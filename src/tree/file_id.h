// tree/file_id.h — what a path is, as a .list id: mode, owner and content digest.
#pragma once
#include <string>

#include "tree/file_list.h"
#include "tree/tree_source.h"

namespace rb {

class ProgressCounter;

// The id of name: its mode and owner as tree's stat() reports them (the
// same that mklayer and mkcpio archive), and the SHA-256 of a regular
// file's content or of a symlink's target, "0" for anything else. The name
// is made canonical and looked up as the archive commands look their
// members up (see safe_path.h): an absolute name, a ".." component or a
// symlink on the way is refused, so no name reaches outside the root.
// Throws Error(name, …). The content's bytes are counted into progress as
// they are hashed, when given.
FileId file_id(TreeSource& tree, const std::string& name, ProgressCounter* progress = nullptr);

}  // namespace rb
