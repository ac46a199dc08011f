// redo/store.h — the .redo/ directory beside each target: one record file
// per known file of that directory (rec/), one lock file per target
// (lock/), the stderr of each target's last build (log/); and one private
// directory per running top-level build (TMPDIR/redobox-runs.UID/ID: the
// jobserver FIFO, dependency logs, failure marks and the wait-for graph).
#pragma once
#include <sys/stat.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "output.h"
#include "redo/record.h"

namespace rb::redo {

class Store {
public:
    // Keys are paths from root (the build uses "/"). The record of a file
    // lives beside it, in DIR/.redo/ of its own directory, so a build
    // started anywhere finds it.
    explicit Store(std::string root = "/");
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    std::string abs(const std::string& key) const;   // the file a key names
    // Where most keys lie (where the build runs): stat_key and lstat_key
    // walk from there, not from the root (most of an up-to-date check).
    void set_base(const std::string& dir);
    // stat/lstat of the file a key names.
    bool stat_key(const std::string& key, struct stat& st) const;
    bool lstat_key(const std::string& key, struct stat& st) const;

    // The record of key; kind None when there is none.
    Record load(const std::string& key) const;
    // Replace the record of key atomically (written aside, renamed over);
    // makes the .redo/ of key's directory when needed.
    void save(const std::string& key, const Record& r) const;
    // save() in two steps, so that a full disk is found before a new
    // target replaces the old: stage writes the record aside (an
    // AtomicFile, as every command's -o FILE: a temporary beside rec/NAME,
    // removed on a signal), commit rewrites it with r when given and puts it
    // in place. Dropping the staged file discards it.
    using Staged = std::unique_ptr<AtomicFile>;
    Staged stage(const std::string& key, const Record& r) const;
    void commit(Staged& staged, const Record* r) const;
    void forget(const std::string& key) const;

    // A source's content hash and the fingerprint to record with it, from
    // its record when the fingerprint still matches, else by hashing the
    // file (and updating the record, only where a .redo/ already is: a
    // directory that holds no target gets no state). st is the file's
    // current stat. With create false, a source that has no record yet
    // gets none: the records of the targets that depend on it hold its
    // fingerprint and hash, and a full build then makes no inode per source.
    struct SourceState {
        std::string fp, hash;
    };
    SourceState source_state(const std::string& key, const struct stat& st,
                             const Record* known, bool create = true) const;

    // Where key's lock is: one byte of the lock file .redo/locks (made
    // first, with its .redo/), at an offset that a 62-bit hash of the name
    // picks. One file a directory, not one a target: a full build makes no
    // inode per target for its lock.
    struct LockSpot {
        std::string file;
        off_t at = 0;
    };
    LockSpot lock_spot(const std::string& key) const;
    // Whether some process holds key's lock now (a target being built).
    bool lock_busy(const std::string& key) const;
    // Where the stderr of key's last build is kept (.redo/ made first).
    std::string log_path(const std::string& key) const;
    // Copy file in as the log of key (written aside, renamed over).
    void save_log(const std::string& key, const std::string& file) const;
    // Remove the log of key: its last build wrote nothing.
    void drop_log(const std::string& key) const;
    // The same, without making anything; "" when key has no .redo/.
    std::string find_log(const std::string& key) const;

private:
    // The descriptor of the .redo/ holding key's state, -1 when there is
    // none (create: make it); name gets the file name inside it.
    int redo_fd(const std::string& key, bool create, std::string& name) const;
    std::string key_dir(const std::string& key) const;  // absolute
    void migrate_old_layout(const std::string& dir) const;
    void forget_dir(const std::string& key) const;  // drop a cached .redo/
    std::string root_;
    int top_fd_ = -1;
    int base_fd_ = -1;
    std::string base_prefix_;  // the key of the base directory, with a '/'
    // fd and path to hand fstatat(2) for key
    const char* walk_from(const std::string& key, int& fd) const;
    struct RedoDir {
        int fd = -1;        // of DIR/.redo, -1 while there is none
        bool made = false;  // its subdirectories made (by us)
        int locks = -1;     // its locks file, read only, for lock_busy()
    };
    mutable std::unordered_map<std::string, RedoDir> dirs_;  // by directory
};

// The directory holding the run directories of this user's builds,
// BASE/redobox-runs.UID, made private to the user (and checked to be).
std::string runs_root(const std::string& base);
// $TMPDIR, else $XDG_RUNTIME_DIR when it is a directory of this user's, else
// /dev/shm when it is a writable tmpfs, else /tmp.
std::string run_base();

// Hash of a file's content (regular files and symlink targets as followed),
// "dir" for a directory, "0" for anything else. path is relative to dirfd.
std::string content_hash_at(int dirfd, const std::string& path, const struct stat& st);

// An exclusive lock on one target, held while it is built: an open file
// description lock (fcntl F_OFD_SETLK) on the target's byte of .redo/locks.
// Like flock(2) it belongs to the open file, not the process: a process that
// dies releases it, so no lock ever goes stale, and two TargetLocks of one
// process exclude each other as two processes do.
class TargetLock {
public:
    TargetLock() = default;
    TargetLock(const TargetLock&) = delete;
    TargetLock& operator=(const TargetLock&) = delete;
    TargetLock(TargetLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    TargetLock& operator=(TargetLock&& o) noexcept;
    ~TargetLock() { unlock(); }
    // Take the lock without waiting; false when another process holds it.
    bool try_lock(const Store& store, const std::string& key);
    void unlock();
    bool held() const { return fd_ >= 0; }

private:
    int fd_ = -1;
};


// A jobserver FIFO holding jobs-1 tokens (nothing for -j 1: path "").
// It keeps its tokens only while someone has it open: this object holds it
// open, and removes it when destroyed.
class JobFifo {
public:
    JobFifo(std::string path, unsigned jobs);
    ~JobFifo();
    JobFifo(const JobFifo&) = delete;
    JobFifo& operator=(const JobFifo&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

// The directory of one top-level build, made when it first builds
// something and removed when it ends. Runs whose owner died (its flock on
// run/ID/owner is gone) are removed when the next run starts.
class RunDir {
public:
    RunDir(const std::string& runs, const std::string& run, unsigned jobs);
    ~RunDir();
    RunDir(const RunDir&) = delete;
    RunDir& operator=(const RunDir&) = delete;
    const std::string& path() const { return path_; }
    const std::string& jobs_fifo() const { return fifo_->path(); }  // "" for -j 1

private:
    std::string path_;
    int owner_fd_ = -1;
    std::unique_ptr<JobFifo> fifo_;
};

// mkdir(2) that accepts an existing directory; throws Error otherwise.
void make_dir(const std::string& path);

// Remove a file or a whole tree; errors are ignored (cleanup only).
void remove_tree(const std::string& path);

}  // namespace rb::redo
