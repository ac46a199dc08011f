// redo/run.cc — what ties one running build together: its run directory
// (owner lock, dependency logs, failure marks), the jobserver FIFO, and
// the sweeping of dead runs; plus removing a tree.
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/file.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <vector>

#include "error.h"
#include "redo/store.h"

namespace rb::redo {

// Where run directories go: $TMPDIR when it is set; else a memory file
// system, $XDG_RUNTIME_DIR or /dev/shm, as a run directory holds only small
// files that live for one build (a dependency log and a wait-for edge per
// target), and making and removing thousands of them on a disk file system
// costs more than the rest of a full build (ext4 without a journal scans
// past every inode freed in the last minute, six while its inode table
// block is still dirty, for each new one).
std::string run_base() {
    const char* tmpdir = getenv("TMPDIR");
    if (tmpdir && *tmpdir) return tmpdir;  // chosen: used, or its error shown
    // Only our own: su and sudo can pass down another user's.
    const char* xdg = getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (xdg && *xdg && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
        access(xdg, W_OK | X_OK) == 0)
        return xdg;
    struct statfs fs;
    if (statfs("/dev/shm", &fs) == 0 && fs.f_type == TMPFS_MAGIC && access("/dev/shm", W_OK | X_OK) == 0)
        return "/dev/shm";
    return "/tmp";
}

std::string runs_root(const std::string& base) {
    std::string root = base + "/redobox-runs." + std::to_string(getuid());
    if (mkdir(root.c_str(), 0700) != 0 && errno != EEXIST) {
        // A TMPDIR that is not there (a typo, a removed directory) is named
        // as the variable the user set, not as a path they never wrote.
        const char* tmpdir = getenv("TMPDIR");
        if (tmpdir && base == tmpdir && (errno == ENOENT || errno == ENOTDIR || errno == EACCES))
            throw_errno("TMPDIR=" + base);
        throw_errno(root);
    }
    struct stat st;
    if (lstat(root.c_str(), &st) != 0) throw_errno(root);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid())
        throw Error(root, "not a directory of this user's");
    return root;
}

static int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
    remove(path);
    return 0;
}

void remove_tree(const std::string& path) {
    nftw(path.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

// A lock file we can take is one whose owner has gone.
static bool owner_gone(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT;
    bool gone = flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return gone;
}

// An owner file is opened before it is locked: a ".new" one younger than
// a minute may be a live run's, between the two.
static bool young_temp(const std::string& path, const std::string& name) {
    struct stat st;
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".new") != 0) return false;
    return lstat(path.c_str(), &st) == 0 && time(nullptr) - st.st_mtime < 60;
}

static void remove_stale_runs(const std::string& runs) {
    DIR* d = opendir(runs.c_str());
    if (!d) return;
    std::vector<std::string> names;
    while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') names.push_back(e->d_name);
    closedir(d);
    for (const std::string& name : names) {
        std::string path = runs + "/" + name;
        size_t dot = name.find('.');
        if (dot == std::string::npos) {  // a run directory: stale without a live owner
            if (owner_gone(path + ".owner")) remove_tree(path);
        } else if (young_temp(path, name)) {
            continue;  // an owner file being made: not locked yet, not dead
        } else if (owner_gone(path)) {  // an owner file (or one never renamed)
            unlink(path.c_str());
        }
    }
}

RunDir::RunDir(const std::string& runs, const std::string& run, unsigned jobs)
    : path_(runs + "/" + run) {
    remove_stale_runs(runs);
    // The owner lock is taken before it gets its name, so no other run ever
    // sees it unlocked and mistakes this run for a dead one.
    std::string temp = path_ + ".new";
    owner_fd_ = open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (owner_fd_ < 0) throw_errno(temp);
    if (flock(owner_fd_, LOCK_EX) != 0 || rename(temp.c_str(), (path_ + ".owner").c_str()) != 0)
        throw_errno(temp);
    make_dir(path_);
    for (const char* sub : {"deps", "failed", "need"}) make_dir(path_ + "/" + sub);
    fifo_ = std::make_unique<JobFifo>(path_ + "/jobs", jobs);
}

RunDir::~RunDir() {
    fifo_.reset();
    remove_tree(path_);
    unlink((path_ + ".owner").c_str());
    if (owner_fd_ >= 0) close(owner_fd_);
}

JobFifo::JobFifo(std::string path, unsigned jobs) {
    if (jobs < 2) return;
    if (mkfifo(path.c_str(), 0600) != 0) throw_errno(path);
    path_ = std::move(path);
    fd_ = open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) throw_errno(path_);
    std::string tokens(jobs - 1, '+');
    if (write(fd_, tokens.data(), tokens.size()) != ssize_t(tokens.size())) throw_errno(path_);
}

JobFifo::~JobFifo() {
    if (fd_ >= 0) close(fd_);
    if (!path_.empty()) unlink(path_.c_str());
}

}  // namespace rb::redo
