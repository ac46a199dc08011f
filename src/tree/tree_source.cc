// tree/tree_source.cc — stat, content, link target and xattrs of a tree's members.
#include "tree/tree_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.h"
#include "unique_fd.h"

namespace rb {

static std::string base_of(const std::string& name) { return std::string(split_name(name).base); }

void TreeSource::stat(const std::string& name, SourceFile& file) {
    int dirfd = parents_.open_parent(name);
    struct stat st;
    if (fstatat(dirfd, base_of(name).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) throw_errno(name);
    file.name = name;
    file.real_mode = st.st_mode;
    file.dev = st.st_dev;
    file.ino = st.st_ino;
    file.nlink = st.st_nlink;
    file.mtime = st.st_mtime;
    owners_.apply(st);
    file.mode = st.st_mode;
    file.uid = st.st_uid;
    file.gid = st.st_gid;
    file.rdev = st.st_rdev;
    file.size = 0;
    if (S_ISREG(file.mode)) {
        if (!S_ISREG(file.real_mode))
            throw Error(name, "the owner source says regular file, but it is not one");
        file.size = uint64_t(st.st_size);
    }
}

int TreeSource::open_content(const SourceFile& file, bool recheck) {
    int dirfd = parents_.open_parent(file.name);
    // O_NONBLOCK: should a fifo have replaced the file, opening it must not hang
    UniqueFd fd(openat(dirfd, base_of(file.name).c_str(),
                       O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) throw_errno(file.name);
    if (!recheck) return fd.release();
    struct stat st;
    if (fstat(fd.get(), &st) != 0) throw_errno(file.name);
    if (st.st_dev != file.dev || st.st_ino != file.ino || !S_ISREG(st.st_mode) ||
        uint64_t(st.st_size) != file.size)
        throw Error(file.name, "changed while being archived");
    return fd.release();
}

std::string TreeSource::read_link(const SourceFile& file) {
    int dirfd = parents_.open_parent(file.name);
    std::string base = base_of(file.name);
    std::string target(256, '\0');
    for (;;) {
        ssize_t n = readlinkat(dirfd, base.c_str(), &target[0], target.size());
        if (n < 0) throw_errno(file.name);
        if (size_t(n) < target.size()) {
            target.resize(size_t(n));
            return target;
        }
        target.resize(target.size() * 2);
    }
}

void TreeSource::read_xattrs(const SourceFile& file, int content_fd, std::vector<Xattr>& out) {
    out.clear();
    if (S_ISREG(file.mode) && content_fd >= 0) {
        rb::read_xattrs(content_fd, file.name, out);
    } else if (S_ISDIR(file.mode) && S_ISDIR(file.real_mode)) {
        int dirfd = parents_.open_parent(file.name);
        read_xattrs_at(dirfd, base_of(file.name), file.name, out);
    }
}

void read_content(int fd, const SourceFile& file, std::string& data) {
    data.resize(size_t(file.size));
    size_t got = 0;
    while (got < data.size()) {
        ssize_t n = ::read(fd, &data[got], data.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(file.name);
        if (n == 0) throw Error(file.name, "file shrank while being archived");
        got += size_t(n);
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && uint64_t(st.st_size) != file.size)
        throw Error(file.name, "changed while being archived");
}

TreePool::Lease::Lease(TreePool& pool) : pool_(pool) {
    {
        std::lock_guard<std::mutex> lock(pool_.mu_);
        if (!pool_.idle_.empty()) {
            tree_ = std::move(pool_.idle_.back());
            pool_.idle_.pop_back();
        }
    }
    if (!tree_) tree_.reset(new TreeSource(pool_.rootfd_, pool_.owners_));
}

TreePool::Lease::~Lease() {
    std::lock_guard<std::mutex> lock(pool_.mu_);
    pool_.idle_.push_back(std::move(tree_));
}

int open_dir(const std::string& path) {
    const char* p = path.empty() ? "." : path.c_str();
    int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw_errno(path.empty() ? "." : path);
    return fd;
}

}  // namespace rb
