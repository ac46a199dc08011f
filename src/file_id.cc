// file_id.cc — computing .list ids.
#include "file_id.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "error.h"
#include "sha256.h"

namespace rb {

struct stat stat_path(int dirfd, const std::string& name, const OwnerSource& owners) {
    struct stat st;
    if (fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw_errno(name);
    owners.apply(st);
    return st;
}

std::string read_link(int dirfd, const std::string& name) {
    std::vector<char> buf(256);
    for (;;) {
        ssize_t n = readlinkat(dirfd, name.c_str(), buf.data(), buf.size());
        if (n < 0) throw_errno(name);
        if (size_t(n) < buf.size()) return std::string(buf.data(), size_t(n));
        buf.resize(buf.size() * 2);
    }
}

static std::string content_digest(int dirfd, const std::string& name, ProgressCounter* progress) {
    int fd = openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) throw_errno(name);
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    try {
        Digest d = sha256_fd(fd, name, nullptr, progress);
        close(fd);
        return to_hex(d);
    } catch (...) {
        close(fd);
        throw;
    }
}

FileId file_id(int dirfd, const std::string& name, const OwnerSource& owners,
               ProgressCounter* progress) {
    struct stat st = stat_path(dirfd, name, owners);
    FileId id;
    id.mode = st.st_mode;
    id.uid = st.st_uid;
    id.gid = st.st_gid;
    if (S_ISREG(st.st_mode)) id.digest = content_digest(dirfd, name, progress);
    else if (S_ISLNK(st.st_mode)) id.digest = sha256_hex(read_link(dirfd, name));
    else id.digest = "0";
    return id;
}

int open_dir(const std::string& path) {
    const char* p = path.empty() ? "." : path.c_str();
    int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw_errno(path.empty() ? "." : path);
    return fd;
}

}  // namespace rb
