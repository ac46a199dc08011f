// tree/whiteouts.h — OCI layer whiteouts: for each path of a base listing that is
// gone from the tree, a ".wh.NAME" beside it; one for the topmost deleted
// directory, none for what was below it.
#pragma once
#include <string>
#include <vector>

#include "tree/name_reader.h"

namespace rb {

// "./a/b" -> "./a/.wh.b", "b" -> ".wh.b"
std::string whiteout_name(const std::string& canonical);

// The deleted paths (canonical, each the topmost of what was deleted there)
// of the base listing, in its order, found under the directory rootfd. A
// path whose parent is now a symlink or no directory needs none: the entry
// that replaced the parent hides it. Throws Error.
std::vector<std::string> deleted_paths(int rootfd, NameReader& base);

}  // namespace rb
