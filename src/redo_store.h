// redo_store.h — the .redo/ directory at the top of the tree: one record
// file per known file (db/), one lock file per target (lock/), and one
// directory per running top-level build (run/ID/: the jobserver FIFO,
// dependency logs, failure marks and the wait-for graph).
#pragma once
#include <sys/stat.h>

#include <string>

#include "redo_record.h"

namespace rb::redo {

class Store {
public:
    // The directory holding .redo/ for a build started in dir: the nearest
    // one at or above dir that holds our state, else dir itself (created).
    static std::string find_or_create_top(const std::string& dir);

    explicit Store(std::string top);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    const std::string& top() const { return top_; }
    const std::string& dir() const { return dir_; }  // top/.redo
    std::string abs(const std::string& key) const;   // the file a key names
    // stat/lstat of the file a key names, relative to the top directory
    // (short path walks: this is most of an up-to-date check).
    bool stat_key(const std::string& key, struct stat& st) const;
    bool lstat_key(const std::string& key, struct stat& st) const;

    // The record of key; kind None when there is none.
    Record load(const std::string& key) const;
    // Replace the record of key atomically (written aside, renamed over).
    void save(const std::string& key, const Record& r) const;
    void forget(const std::string& key) const;

    // A source's content hash and the fingerprint to record with it, from
    // its record when the fingerprint still matches, else by hashing the
    // file (and updating the record). st is the file's current stat.
    struct SourceState {
        std::string fp, hash;
    };
    SourceState source_state(const std::string& key, const struct stat& st,
                             const Record* known) const;

    std::string lock_path(const std::string& key) const;
    // Whether some process holds key's lock now (a target being built).
    bool lock_busy(const std::string& key) const;
    std::string run_dir(const std::string& run) const;

private:
    std::string top_, dir_;
    int top_fd_ = -1, db_fd_ = -1, lock_fd_ = -1;
};

// Hash of a file's content (regular files and symlink targets as followed),
// "dir" for a directory, "0" for anything else. path is relative to dirfd.
std::string content_hash_at(int dirfd, const std::string& path, const struct stat& st);

// An exclusive lock on one target, held while it is built: flock(2), so a
// process that dies releases it and no lock ever goes stale.
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


// The directory of one top-level build, made when it first builds
// something and removed when it ends. Runs whose owner died (its flock on
// run/ID/owner is gone) are removed when the next run starts.
class RunDir {
public:
    RunDir(const Store& store, const std::string& run, unsigned jobs);
    ~RunDir();
    RunDir(const RunDir&) = delete;
    RunDir& operator=(const RunDir&) = delete;
    const std::string& path() const { return path_; }
    const std::string& jobs_fifo() const { return fifo_; }  // "" for -j 1

private:
    std::string path_, fifo_;
    int owner_fd_ = -1, fifo_fd_ = -1;
};

// Remove a file or a whole tree; errors are ignored (cleanup only).
void remove_tree(const std::string& path);

}  // namespace rb::redo
