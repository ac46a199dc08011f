// tree/whiteouts.cc — finding what a base listing holds that the tree no longer does.
#include "tree/whiteouts.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <unordered_set>

#include "error.h"
#include "tree/safe_path.h"

namespace rb {

std::string whiteout_name(const std::string& canonical) {
    NameParts p = split_name(canonical);
    std::string out(p.parent);
    if (!out.empty()) out += '/';
    out += ".wh.";
    out += p.base;
    return out;
}

namespace {

enum class State { missing, directory, other };

State state_of(int rootfd, const std::string& path) {
    struct stat st;
    if (fstatat(rootfd, path.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
        return S_ISDIR(st.st_mode) ? State::directory : State::other;
    if (errno == ENOENT || errno == ENOTDIR) return State::missing;
    throw_errno(path);
}

}  // namespace

std::vector<std::string> deleted_paths(int rootfd, NameReader& base) {
    std::vector<std::string> deleted;
    std::unordered_set<std::string> known;  // of deleted
    std::string name, prefix;
    while (base.next(name)) {
        if (name == ".") continue;
        if (state_of(rootfd, name) != State::missing) continue;
        // Find the topmost missing ancestor, from the top down. Checking
        // each level also means no lookup below it went through a symlink.
        size_t start = name.compare(0, 2, "./") == 0 ? 2 : 0;
        for (size_t end = name.find('/', start);; end = name.find('/', end + 1)) {
            prefix.assign(name, 0, end);
            if (known.count(prefix)) break;
            State s = state_of(rootfd, prefix);
            if (s == State::missing) {
                known.insert(prefix);
                deleted.push_back(prefix);
                break;
            }
            if (s == State::other) break;
            if (end == std::string::npos) break;  // the name itself is back
        }
    }
    return deleted;
}

}  // namespace rb
