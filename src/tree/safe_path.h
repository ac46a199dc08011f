// tree/safe_path.h — names of archive members: checked, made canonical, and
// resolved under a root directory without following a symlink anywhere on
// the way, so no name can reach outside the root.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rb {

// The canonical form of a name relative to the root: empty and "."
// components dropped, a leading "./" kept when the name had one, "." for the
// root itself ("./a//b/" -> "./a/b", "a/./b" -> "a/b", "./" -> ".").
// Throws Error(raw, reason) for an absolute name, a ".." component or a NUL
// byte; an empty name is the caller's to report (it has no name to show).
std::string canonical_name(std::string_view raw);

// A canonical name's directory part and last component:
// "./a/b" -> {"./a", "b"}, "a" -> {"", "a"}, "." -> {"", "."}.
struct NameParts {
    std::string_view parent, base;
};
NameParts split_name(std::string_view canonical);

// Opens the directory that holds a canonical name, one component at a time
// with O_NOFOLLOW: a symlink on the way is refused, whether it would lead
// out of the root or not, since an extractor would write through it too.
// The chain of directories opened last stays open, so the names of a sorted
// list mostly reuse it.
class ParentDirs {
public:
    explicit ParentDirs(int rootfd) : root_(rootfd) {}
    ~ParentDirs();
    ParentDirs(const ParentDirs&) = delete;
    ParentDirs& operator=(const ParentDirs&) = delete;

    // The directory holding name (canonical), owned by this object and valid
    // until the next call. Throws Error(name, reason).
    int open_parent(const std::string& name);

private:
    void truncate(size_t depth);
    int root_;
    std::vector<std::string> names_;  // the open chain's components
    std::vector<int> fds_;            // fds_[i] is names_[0..i] opened
};

}  // namespace rb
