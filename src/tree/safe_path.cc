// tree/safe_path.cc — canonical member names and symlink-free directory walks.
#include "tree/safe_path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "error.h"

namespace rb {

std::string canonical_name(std::string_view raw) {
    if (raw.find('\0') != std::string_view::npos) {
        std::string shown;  // as cat -v shows it: a NUL would end the message
        for (char c : raw) shown += c ? std::string(1, c) : std::string("^@");
        throw Error(shown, "name holds a NUL byte");
    }
    const std::string subject(raw);
    if (!raw.empty() && raw[0] == '/')
        throw Error(subject, "absolute name refused (names are relative to the directory)");
    const bool dot_slash = raw.size() >= 2 && raw[0] == '.' && raw[1] == '/';
    std::string out;
    out.reserve(raw.size() + 2);
    size_t i = 0;
    while (i < raw.size()) {
        size_t end = raw.find('/', i);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view comp = raw.substr(i, end - i);
        i = end + 1;
        if (comp.empty() || comp == ".") continue;
        if (comp == "..") throw Error(subject, "'..' component refused");
        if (!out.empty() || dot_slash) out += out.empty() ? "./" : "/";
        out += comp;
    }
    return out.empty() ? "." : out;
}

NameParts split_name(std::string_view canonical) {
    size_t slash = canonical.rfind('/');
    if (slash == std::string_view::npos) return {std::string_view(), canonical};
    return {canonical.substr(0, slash), canonical.substr(slash + 1)};
}

ParentDirs::~ParentDirs() { truncate(0); }

void ParentDirs::truncate(size_t depth) {
    while (fds_.size() > depth) {
        close(fds_.back());
        fds_.pop_back();
        names_.pop_back();
    }
}

int ParentDirs::open_parent(const std::string& name) {
    std::string_view parent = split_name(name).parent;
    if (parent == ".") parent = std::string_view();
    else if (parent.size() >= 2 && parent[0] == '.' && parent[1] == '/') parent.remove_prefix(2);
    // walk the components, keeping the part of the open chain they share
    size_t depth = 0, i = 0;
    while (i < parent.size()) {
        size_t end = parent.find('/', i);
        if (end == std::string_view::npos) end = parent.size();
        std::string_view comp = parent.substr(i, end - i);
        if (depth < names_.size() && names_[depth] == comp) {
            depth++;
            i = end + 1;
            continue;
        }
        truncate(depth);
        int at = depth ? fds_.back() : root_;
        std::string c(comp);
        int fd = openat(at, c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            int err = errno;
            struct stat st;
            if ((err == ENOTDIR || err == ELOOP) &&
                fstatat(at, c.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
                throw Error(name, "refused: goes through the symlink " +
                                      name.substr(0, size_t(comp.data() - name.data()) + comp.size()));
            throw_errno(name, err);
        }
        fds_.push_back(fd);
        names_.push_back(std::move(c));
        depth++;
        i = end + 1;
    }
    truncate(depth);
    return depth ? fds_.back() : root_;
}

}  // namespace rb
