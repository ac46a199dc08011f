// tree/tree_source.h — the one reader of a tree's members, for fileids' .list
// ids (file_id.h) and for mklayer's and mkcpio's archives alike: canonical
// names looked up under a root directory (see safe_path.h), with mode and
// owner as the OwnerSource reports them, and their content, link target and
// xattrs. What a .list says of a file and what its layer holds are decided
// here, once.
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tree/fakeroot_db.h"
#include "tree/safe_path.h"
#include "tree/xattrs.h"

namespace rb {

// A member as looked up: a .list id's mode and owner (see file_id.h) and an
// archive entry's fields both come from here.
struct SourceFile {
    std::string name;     // canonical
    mode_t mode = 0;      // type and permissions, through the owner source
    uid_t uid = 0;
    gid_t gid = 0;
    dev_t rdev = 0;       // a device's number, through the owner source
    // What lstat itself says. Under fakeroot a device node is an empty
    // regular file on disk, so the type in mode and in real_mode can differ.
    mode_t real_mode = 0;
    dev_t dev = 0;
    ino_t ino = 0;
    nlink_t nlink = 0;
    uint64_t size = 0;    // of a regular file's content
    long long mtime = 0;

    // An archived regular file: regular both on disk and as reported.
    bool has_content() const { return S_ISREG(mode); }
};

class TreeSource {
public:
    TreeSource(int rootfd, const OwnerSource& owners) : owners_(owners), parents_(rootfd) {}

    // Look a canonical name up; throws Error(name, reason).
    void stat(const std::string& name, SourceFile& file);
    // Open a regular file's content; the caller closes it. Throws Error.
    // With recheck, refuse it unless it is still the file (and the size)
    // that stat() saw, as an archive whose header already holds the size
    // must. Without, as for a digest of what is there now, one fstat less
    // (10% of fileids' time on small files); a fifo put in its place still
    // opens at once, and reading a directory fails.
    int open_content(const SourceFile& file, bool recheck = true);
    // A symlink's target. Throws Error.
    std::string read_link(const SourceFile& file);
    // The kept xattrs (see xattrs.h) of a directory, or of a regular file
    // through its open content fd; none for other types. Throws Error.
    void read_xattrs(const SourceFile& file, int content_fd, std::vector<Xattr>& out);

private:
    const OwnerSource& owners_;
    ParentDirs parents_;
};

// The size bytes that stat() saw of a regular file open as fd, all of them
// into data: a file that shrank or grew meanwhile is refused, as
// ArchiveWriter::copy_data() refuses it. Throws Error(file.name, reason).
void read_content(int fd, const SourceFile& file, std::string& data);

// TreeSources for worker threads: a TreeSource keeps open directories and
// is for one thread at a time, so each worker borrows one for an item and
// gives it back. As many are made as threads ever held one at once.
class TreePool {
public:
    TreePool(int rootfd, const OwnerSource& owners) : rootfd_(rootfd), owners_(owners) {}

    class Lease {
    public:
        explicit Lease(TreePool& pool);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        TreeSource& operator*() { return *tree_; }
        TreeSource* operator->() { return tree_.get(); }

    private:
        TreePool& pool_;
        std::unique_ptr<TreeSource> tree_;
    };

private:
    const int rootfd_;
    const OwnerSource& owners_;
    std::mutex mu_;
    std::vector<std::unique_ptr<TreeSource>> idle_;
};

// Open a directory for use as a root ("" or "." is the current directory).
int open_dir(const std::string& path);

}  // namespace rb
