// tree/file_id.cc — computing .list ids.
#include "tree/file_id.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <vector>

#include "error.h"
#include "sha256.h"

namespace rb {

static std::string read_link(int dirfd, const std::string& base, const std::string& name) {
    std::vector<char> buf(256);
    for (;;) {
        ssize_t n = readlinkat(dirfd, base.c_str(), buf.data(), buf.size());
        if (n < 0) throw_errno(name);
        if (size_t(n) < buf.size()) return std::string(buf.data(), size_t(n));
        buf.resize(buf.size() * 2);
    }
}

static std::string content_digest(int dirfd, const std::string& base, const std::string& name,
                                  off_t size, ProgressCounter* progress) {
    // O_NONBLOCK: should a fifo have replaced the file, opening it must not
    // hang (a second fstat to say so would cost 10% on small files)
    int fd = openat(dirfd, base.c_str(), O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw_errno(name);
    if (size > (off_t(1) << 16)) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    try {
        Digest d = sha256_fd(fd, name, nullptr, progress);
        close(fd);
        return to_hex(d);
    } catch (...) {
        close(fd);
        throw;
    }
}

FileId file_id(ParentDirs& dirs, const std::string& name, const OwnerSource& owners,
               ProgressCounter* progress) {
    const std::string canonical = canonical_name(name);
    const int dirfd = dirs.open_parent(canonical);
    const std::string base(split_name(canonical).base);
    struct stat st;
    if (fstatat(dirfd, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw_errno(name);
    const mode_t real_mode = st.st_mode;
    const off_t size = st.st_size;
    owners.apply(st);
    // as the archive commands say it; opening a fifo would hang
    if (S_ISREG(st.st_mode) && !S_ISREG(real_mode))
        throw Error(name, "the owner source says regular file, but it is not one");
    FileId id;
    id.mode = st.st_mode;
    id.uid = st.st_uid;
    id.gid = st.st_gid;
    if (S_ISREG(st.st_mode)) id.digest = content_digest(dirfd, base, name, size, progress);
    else if (S_ISLNK(st.st_mode)) id.digest = sha256_hex(read_link(dirfd, base, name));
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
