// tree/xattrs.h — the extended attributes a layer carries: security.capability
// (file capabilities, as setcap writes them) and the user.* namespace.
// Others are left out on purpose: security.selinux labels belong to the
// building host, trusted.* holds overlayfs bookkeeping, and system.* ACLs
// are not part of an image.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rb {

struct Xattr {
    std::string name, value;
};

bool xattr_kept(std::string_view name);

// The kept attributes of an open file, sorted by name (the order listxattr
// gives depends on the filesystem). A filesystem without xattr support has
// none. Throws Error(subject, reason).
void read_xattrs(int fd, const std::string& subject, std::vector<Xattr>& out);

// The same for base in the directory dirfd, without following a symlink
// (through /proc/self/fd: no *at form of listxattr exists; without /proc
// mounted, the entry reads as having none).
void read_xattrs_at(int dirfd, const std::string& base, const std::string& subject,
                    std::vector<Xattr>& out);

}  // namespace rb
