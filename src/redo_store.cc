// redo_store.cc — records on disk, target locks and run directories.
#include "redo_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.h"
#include "redo_paths.h"
#include "sha256.h"

namespace rb::redo {

static const char kMarker[] = "redobox";  // .redo/redobox: this .redo is ours

static void make_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) throw_errno(path);
}

std::string Store::find_or_create_top(const std::string& dir) {
    struct stat st;
    for (std::string d = dir;; d = dir_name(d)) {
        if (stat((d + "/.redo/" + kMarker).c_str(), &st) == 0) return d;
        if (d == "/") break;
    }
    std::string redo = dir == "/" ? "/.redo" : dir + "/.redo";
    make_dir(redo);
    for (const char* sub : {"db", "lock", "run", "tmp"}) make_dir(redo + "/" + sub);
    // the marker last: whoever finds it finds the subdirectories too
    std::string marker = redo + "/" + kMarker;
    int fd = open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) throw_errno(marker);
    static const char text[] = "redobox redo state, format 1\n";
    ssize_t n = write(fd, text, sizeof text - 1);
    int err = errno;
    close(fd);
    if (n != ssize_t(sizeof text - 1)) throw_errno(marker, n < 0 ? err : EIO);
    return dir;
}

static int open_dir_fd(const std::string& path) {
    int fd = open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw_errno(path);
    return fd;
}

Store::Store(std::string top) : top_(std::move(top)), dir_(top_ == "/" ? "/.redo" : top_ + "/.redo") {
    top_fd_ = open_dir_fd(top_);
    db_fd_ = open_dir_fd(dir_ + "/db");
    lock_fd_ = open_dir_fd(dir_ + "/lock");
}

Store::~Store() {
    for (int fd : {top_fd_, db_fd_, lock_fd_}) close(fd);
}

bool Store::stat_key(const std::string& key, struct stat& st) const {
    return fstatat(top_fd_, key.c_str(), &st, 0) == 0;
}

bool Store::lstat_key(const std::string& key, struct stat& st) const {
    return fstatat(top_fd_, key.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::string Store::abs(const std::string& key) const { return join_path(top_, key); }

std::string Store::lock_path(const std::string& key) const {
    return dir_ + "/lock/" + state_name(key);
}

std::string Store::run_dir(const std::string& run) const { return dir_ + "/run/" + run; }

// The whole of a small file (name relative to dirfd); false when it does
// not exist.
static bool slurp(int dirfd, const std::string& name, std::string& out) {
    int fd = openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return false;
        throw_errno(name);
    }
    char buf[16384];
    out.clear();
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            close(fd);
            throw_errno(name, err);
        }
        out.append(buf, size_t(n));
        // a regular file reads short only at its end: no second read
        if (size_t(n) < sizeof buf) break;
    }
    close(fd);
    return true;
}

Record Store::load(const std::string& key) const {
    Record r;
    std::string text;
    if (slurp(db_fd_, state_name(key), text)) parse_record(text, r);
    return r;
}

void Store::save(const std::string& key, const Record& r) const {
    static unsigned counter = 0;
    std::string text = format_record(r);
    std::string temp = dir_ + "/tmp/" + std::to_string(getpid()) + "." + std::to_string(counter++);
    int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw_errno(temp);
    const char* p = text.data();
    size_t left = text.size();
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            unlink(temp.c_str());
            throw_errno(temp, err);
        }
        p += n;
        left -= size_t(n);
    }
    std::string path = dir_ + "/db/" + state_name(key);
    if (close(fd) != 0 || rename(temp.c_str(), path.c_str()) != 0) {
        int err = errno;
        unlink(temp.c_str());
        throw_errno(path, err);
    }
}

void Store::forget(const std::string& key) const {
    std::string path = dir_ + "/db/" + state_name(key);
    if (unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno(path);
}

std::string content_hash_at(int dirfd, const std::string& path, const struct stat& st) {
    if (S_ISDIR(st.st_mode)) return "dir";
    if (!S_ISREG(st.st_mode)) return "0";
    int fd = openat(dirfd, path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw_errno(path);
    Digest d;
    try {
        d = sha256_fd(fd, path);
    } catch (...) {
        close(fd);
        throw;
    }
    close(fd);
    return to_hex(d);
}

Store::SourceState Store::source_state(const std::string& key, const struct stat& st,
                                       const Record* known) const {
    std::string fp = fingerprint(st);
    if (known && known->kind == Record::Source && known->fp == fp) return {fp, known->hash};
    Record r;
    r.kind = Record::Source;
    r.hash = content_hash_at(top_fd_, key, st);
    r.fp = is_racy(st) ? kRacy : fp;
    if (!known || known->kind != Record::Source || known->fp != r.fp || known->hash != r.hash)
        save(key, r);
    return {r.fp, r.hash};
}

TargetLock& TargetLock::operator=(TargetLock&& o) noexcept {
    if (this != &o) {
        unlock();
        fd_ = o.fd_;
        o.fd_ = -1;
    }
    return *this;
}

bool TargetLock::try_lock(const Store& store, const std::string& key) {
    unlock();
    std::string path = store.lock_path(key);
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) throw_errno(path);
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        int err = errno;
        close(fd);
        if (err == EWOULDBLOCK) return false;
        throw_errno(path, err);
    }
    fd_ = fd;
    return true;
}

void TargetLock::unlock() {
    if (fd_ >= 0) close(fd_);  // closing the only descriptor releases the flock
    fd_ = -1;
}

bool Store::lock_busy(const std::string& key) const {
    int fd = openat(lock_fd_, state_name(key).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool busy = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    return busy;
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
        } else if (owner_gone(path)) {  // an owner file (or one not yet renamed)
            unlink(path.c_str());
        }
    }
}

RunDir::RunDir(const Store& store, const std::string& run, unsigned jobs)
    : path_(store.run_dir(run)) {
    std::string runs = store.dir() + "/run";
    make_dir(runs);
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
    if (jobs > 1) {
        fifo_ = path_ + "/jobs";
        if (mkfifo(fifo_.c_str(), 0600) != 0) throw_errno(fifo_);
        // The FIFO keeps its tokens only while someone has it open: this
        // descriptor lives as long as the run.
        fifo_fd_ = open(fifo_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fifo_fd_ < 0) throw_errno(fifo_);
        std::string tokens(jobs - 1, '+');
        if (write(fifo_fd_, tokens.data(), tokens.size()) != ssize_t(tokens.size()))
            throw_errno(fifo_);
    }
}

RunDir::~RunDir() {
    remove_tree(path_);
    unlink((path_ + ".owner").c_str());
    if (fifo_fd_ >= 0) close(fifo_fd_);
    if (owner_fd_ >= 0) close(owner_fd_);
}

}  // namespace rb::redo
