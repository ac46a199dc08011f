// redo/store.cc — records on disk, target locks and run directories.
#include "redo/store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.h"
#include "input.h"
#include "redo/paths.h"
#include "sha256.h"
#include "unique_fd.h"

namespace rb::redo {

void make_dir(const std::string& path) {
    if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) throw_errno(path);
}

// The subdirectories of a .redo/; made before anyone looks for them.
static const char* const kSubdirs[] = {"rec", "log"};
static const char* const kLocks = "locks";

// Until format 2 one .redo/ at the top of a tree held every record
// (db/NAME with '/' escaped, run/, marked by the file "redobox"). Its
// records name their dependencies from that top, which no longer means
// anything; but what they built must not pass for sources now. So each
// old target gets a record that is never up to date (built once more), and
// the old layout goes.
void Store::migrate_old_layout(const std::string& dir) const {
    std::string redo = dir == "/" ? "/.redo" : dir + "/.redo";
    struct stat st;
    // Earlier versions kept a lock file per target in lock/ (the locks are
    // bytes of one file now, and the old ones guard nothing) and wrote
    // records aside in tmp/ (now beside rec/NAME, as every -o FILE is).
    for (const char* gone : {"/lock", "/tmp"})  // tmp/: records written aside, before
        if (lstat((redo + gone).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) remove_tree(redo + gone);
    if (lstat((redo + "/redobox").c_str(), &st) != 0) return;
    std::vector<std::string> names;
    if (DIR* d = opendir((redo + "/db").c_str())) {
        while (dirent* e = readdir(d))
            if (e->d_name[0] != '.' && e->d_name[0] != '~') names.push_back(e->d_name);
        closedir(d);
    }
    UniqueFd db(open((redo + "/db").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    for (const std::string& name : names) {
        std::string text;
        Record old;
        if (db.get() < 0 || !read_file_if_exists(db.get(), name, text)) continue;
        parse_record(text, old);  // a torn one reads as a target too
        if (old.kind != Record::Target) continue;
        std::string path = join_path(dir, name_of_state(name));
        if (path.compare(0, root_.size(), root_) != 0) continue;
        Record r;
        r.kind = Record::Target;
        r.run = "old";
        r.fp = "old";  // matches no file: out of date
        r.version = random_token();
        try {
            save(relative_path(path, root_), r);
        } catch (const Error&) {
        }  // its directory is gone: nothing to protect
    }
    remove_tree(redo + "/db");
    remove_tree(redo + "/run");
    unlink((redo + "/redobox").c_str());
}

std::string Store::key_dir(const std::string& key) const {
    return dir_name(abs(key));
}

Store::Store(std::string root) : root_(std::move(root)) {
    top_fd_ = open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (top_fd_ < 0) throw_errno(root_);
}

Store::~Store() {
    close(top_fd_);
    if (base_fd_ >= 0) close(base_fd_);
    for (auto& d : dirs_) {
        if (d.second.fd >= 0) close(d.second.fd);
        if (d.second.locks >= 0) close(d.second.locks);
    }
}

int Store::redo_fd(const std::string& key, bool create, std::string& name) const {
    name = state_name(base_name(key));
    std::string dir = key_dir(key);
    auto known = dirs_.find(dir);
    if (known != dirs_.end() && (!create || known->second.made)) return known->second.fd;
    std::string redo = dir == "/" ? "/.redo" : dir + "/.redo";
    if (known == dirs_.end()) {
        int fd = open(redo.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        dirs_[dir].fd = fd;
        if (fd >= 0) migrate_old_layout(dir);  // may save records, here too
    }
    RedoDir& rd = dirs_[dir];
    if (create && !rd.made) {
        if (rd.fd < 0) make_dir(redo);
        for (const char* sub : kSubdirs) make_dir(redo + "/" + sub);
        if (rd.fd < 0) rd.fd = open(redo.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (rd.fd < 0) throw_errno(redo);
        rd.made = true;
    }
    return rd.fd;
}

void Store::forget_dir(const std::string& key) const {
    auto known = dirs_.find(key_dir(key));
    if (known == dirs_.end()) return;
    if (known->second.fd >= 0) close(known->second.fd);
    if (known->second.locks >= 0) close(known->second.locks);
    dirs_.erase(known);
}

void Store::set_base(const std::string& dir) {
    std::string prefix = relative_path(dir, root_);
    if (prefix == "." || prefix.compare(0, 2, "..") == 0) return;
    int fd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // then from the root
    if (base_fd_ >= 0) close(base_fd_);
    base_fd_ = fd;
    base_prefix_ = prefix + "/";
}

const char* Store::walk_from(const std::string& key, int& fd) const {
    if (base_fd_ >= 0 && key.size() > base_prefix_.size() &&
        key.compare(0, base_prefix_.size(), base_prefix_) == 0) {
        fd = base_fd_;
        return key.c_str() + base_prefix_.size();
    }
    fd = top_fd_;
    return key.c_str();
}

bool Store::stat_key(const std::string& key, struct stat& st) const {
    int fd;
    const char* path = walk_from(key, fd);
    return fstatat(fd, path, &st, 0) == 0;
}

bool Store::lstat_key(const std::string& key, struct stat& st) const {
    int fd;
    const char* path = walk_from(key, fd);
    return fstatat(fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::string Store::abs(const std::string& key) const {
    if (root_ == "/") return "/" + key;  // keys are normal already
    return join_path(root_, key);
}

// FNV-1a, 64 bits: stable across builds and versions of redobox, as every
// process that locks a target must pick the same byte.
static off_t lock_offset(const std::string& name) {
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
    return off_t(h >> 2);  // positive, and room for the one byte after it
}

Store::LockSpot Store::lock_spot(const std::string& key) const {
    struct stat st;
    std::string name, dir = key_dir(key);
    if (stat(dir.c_str(), &st) == 0) {
        redo_fd(key, true, name);
        return {dir + "/.redo/" + kLocks, lock_offset(name)};
    }
    // The .do will make the directory: lock in the nearest one that is,
    // under the rest of the path, so nothing is made before the .do runs.
    std::string above = dir;
    do above = dir_name(above);
    while (above != "/" && stat(above.c_str(), &st) != 0);
    std::string rest = relative_path(abs(key), above);
    redo_fd(relative_path(above + "/x", root_), true, name);
    return {(above == "/" ? "" : above) + "/.redo/" + kLocks, lock_offset(state_name(rest))};
}

static struct flock lock_byte(short type, off_t at) {
    struct flock fl {};
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = at;
    fl.l_len = 1;
    return fl;
}

std::string Store::log_path(const std::string& key) const {
    std::string name;
    redo_fd(key, true, name);
    return key_dir(key) + "/.redo/log/" + name;
}

void Store::save_log(const std::string& key, const std::string& file) const {
    std::string text;
    if (!read_file_if_exists(AT_FDCWD, file, text)) return;
    std::string name;
    redo_fd(key, true, name);
    AtomicFile log(key_dir(key) + "/.redo/log/" + name, 0666, 1 << 16);
    log.writer().write(text);
    log.commit();
}

void Store::drop_log(const std::string& key) const {
    std::string name;
    int dfd = redo_fd(key, false, name);
    if (dfd >= 0) unlinkat(dfd, ("log/" + name).c_str(), 0);
}

std::string Store::find_log(const std::string& key) const {
    std::string name;
    if (redo_fd(key, false, name) < 0) return "";
    return key_dir(key) + "/.redo/log/" + name;
}

Record Store::load(const std::string& key) const {
    Record r;
    std::string text, name;
    int fd = redo_fd(key, false, name);
    if (fd >= 0 && read_file_if_exists(fd, "rec/" + name, text)) parse_record(text, r);
    return r;
}

// Records are a few hundred bytes: a small buffer, not the 256 KiB of -o.
constexpr size_t kRecordBuffer = 4096;

Store::Staged Store::stage(const std::string& key, const Record& r) const {
    std::string name;
    redo_fd(key, true, name);
    Staged f;
    try {
        f = std::make_unique<AtomicFile>(key_dir(key) + "/.redo/rec/" + name, 0666, kRecordBuffer);
    } catch (const Error&) {
        forget_dir(key);  // a .do removed the directory, .redo/ and all
        redo_fd(key, true, name);
        f = std::make_unique<AtomicFile>(key_dir(key) + "/.redo/rec/" + name, 0666, kRecordBuffer);
    }
    f->writer().write(format_record(r));
    f->writer().flush();  // a full disk says so now, before the target is replaced
    return f;
}

// Rewriting a staged record does not cut it to nothing first: on ext4 a
// file truncated to size 0 is flushed to disk when closed (auto_da_alloc),
// a disk write per build for nothing.
void Store::commit(Staged& staged, const Record* r) const {
    if (r) {
        std::string text = format_record(*r);
        int fd = staged->fd();
        ssize_t n = pwrite(fd, text.data(), text.size(), 0);
        if (n >= 0 && n != ssize_t(text.size())) throw_errno(staged->path(), ENOSPC);  // short: out of room
        if (n < 0 || ftruncate(fd, off_t(text.size())) != 0) throw_errno(staged->path());
    }
    staged->commit();
    staged.reset();
}

void Store::save(const std::string& key, const Record& r) const {
    Staged staged = stage(key, r);
    commit(staged, nullptr);
}

void Store::forget(const std::string& key) const {
    std::string name;
    int dfd = redo_fd(key, false, name);
    if (dfd < 0) return;
    if (unlinkat(dfd, ("rec/" + name).c_str(), 0) != 0 && errno != ENOENT)
        throw_errno(key_dir(key) + "/.redo/rec/" + name);
}

std::string content_hash_at(int dirfd, const std::string& path, const struct stat& st) {
    if (S_ISDIR(st.st_mode)) return "dir";
    if (!S_ISREG(st.st_mode)) return "0";
    UniqueFd fd(openat(dirfd, path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw_errno(path);
    return to_hex(sha256_fd(fd.get(), path));
}

Store::SourceState Store::source_state(const std::string& key, const struct stat& st,
                                       const Record* known, bool create) const {
    std::string fp = fingerprint(st);
    if (known && known->kind == Record::Source && known->fp == fp) return {fp, known->hash};
    Record r;
    r.kind = Record::Source;
    r.hash = content_hash_at(top_fd_, key, st);
    r.fp = is_racy(st) ? kRacy : fp;
    if (!create && (!known || known->kind != Record::Source)) return {r.fp, r.hash};
    std::string name;
    bool here = redo_fd(key, false, name) >= 0;  // no state where no target is
    if (here && (!known || known->kind != Record::Source || known->fp != r.fp ||
                 known->hash != r.hash))
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
    Store::LockSpot spot = store.lock_spot(key);
    const std::string& path = spot.file;
    UniqueFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    if (fd.get() < 0) throw_errno(path);
    struct flock fl = lock_byte(F_WRLCK, spot.at);
    while (fcntl(fd.get(), F_OFD_SETLK, &fl) != 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EACCES) return false;
        throw_errno(path);
    }
    fd_ = fd.release();
    return true;
}

void TargetLock::unlock() {
    if (fd_ >= 0) close(fd_);  // closing the only descriptor releases the lock
    fd_ = -1;
}

bool Store::lock_busy(const std::string& key) const {
    std::string name;
    int dfd = redo_fd(key, false, name);
    if (dfd < 0) return false;
    // One descriptor per directory, kept: a query takes no lock, and an
    // OFD lock is not dropped when another descriptor of the file closes.
    int& fd = dirs_[key_dir(key)].locks;
    if (fd < 0) fd = openat(dfd, kLocks, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;  // no locks file yet: nothing is being built
    struct flock fl = lock_byte(F_RDLCK, lock_offset(name));
    return fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK;
}

}  // namespace rb::redo
