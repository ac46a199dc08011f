// tree/xattrs.cc — listing and reading extended attributes, filtered and sorted.
#include "tree/xattrs.h"

#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <functional>

#include "error.h"

namespace rb {

bool xattr_kept(std::string_view name) {
    return name == "security.capability" || name.compare(0, 5, "user.") == 0;
}

namespace {

bool unsupported(int err) { return err == ENOTSUP || err == EOPNOTSUPP; }

// list(buf, size) and get(name, buf, size) are the f* or l* calls.
void read_with(const std::function<ssize_t(char*, size_t)>& list,
               const std::function<ssize_t(const char*, void*, size_t)>& get,
               const std::string& subject, std::vector<Xattr>& out) {
    out.clear();
    std::string names;
    for (;;) {
        ssize_t n = list(nullptr, 0);
        if (n < 0 && unsupported(errno)) return;
        if (n < 0) throw_errno(subject);
        if (n == 0) return;
        names.resize(size_t(n));
        n = list(&names[0], names.size());
        if (n < 0 && errno == ERANGE) continue;  // grew in between
        if (n < 0) throw_errno(subject);
        names.resize(size_t(n));
        break;
    }
    for (size_t i = 0; i < names.size();) {
        size_t end = names.find('\0', i);
        if (end == std::string::npos) end = names.size();
        std::string name = names.substr(i, end - i);
        i = end + 1;
        if (!xattr_kept(name)) continue;
        std::string value;
        for (;;) {
            ssize_t n = get(name.c_str(), nullptr, 0);
            if (n < 0 && errno == ENODATA) break;  // removed in between
            if (n < 0) throw_errno(subject + ": " + name);
            value.resize(size_t(n));
            n = get(name.c_str(), &value[0], value.size());
            if (n < 0 && errno == ERANGE) continue;
            if (n < 0 && errno == ENODATA) break;
            if (n < 0) throw_errno(subject + ": " + name);
            value.resize(size_t(n));
            out.push_back(Xattr{std::move(name), std::move(value)});
            break;
        }
    }
    std::sort(out.begin(), out.end(), [](const Xattr& a, const Xattr& b) { return a.name < b.name; });
}

}  // namespace

void read_xattrs(int fd, const std::string& subject, std::vector<Xattr>& out) {
    read_with([fd](char* buf, size_t size) { return flistxattr(fd, buf, size); },
              [fd](const char* name, void* buf, size_t size) {
                  return fgetxattr(fd, name, buf, size);
              },
              subject, out);
}

void read_xattrs_at(int dirfd, const std::string& base, const std::string& subject,
                    std::vector<Xattr>& out) {
    out.clear();
    static const bool have_proc = access("/proc/self/fd", F_OK) == 0;
    if (!have_proc) return;
    std::string path = "/proc/self/fd/" + std::to_string(dirfd) + "/" + base;
    read_with([&path](char* buf, size_t size) { return llistxattr(path.c_str(), buf, size); },
              [&path](const char* name, void* buf, size_t size) {
                  return lgetxattr(path.c_str(), name, buf, size);
              },
              subject, out);
}

}  // namespace rb
