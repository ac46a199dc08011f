// redo/job.cc — running a .do and installing what it made.
#include "redo/job.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>

#include "error.h"
#include "input.h"
#include "redo/paths.h"
#include "redo/proc.h"
#include "signals.h"

namespace rb::redo {

Job::Job(const Context& ctx, const Store& store, const std::string& run_dir, std::string key,
         DoFile dofile)
    : ctx_(ctx), store_(store), key_(std::move(key)), do_(std::move(dofile)) {
    target_ = store_.abs(key_);
    log_ = run_dir + "/deps/" + state_name(key_);
}

Job::~Job() {
    cleanup();
    if (err_pipe_ >= 0) close(err_pipe_);
    if (errlog_fd_ >= 0) close(errlog_fd_);
    if (!errlog_.empty()) unlink(errlog_.c_str());
}

void Job::cleanup() {
    if (out_fd_ >= 0) close(out_fd_);
    out_fd_ = -1;
    if (!tmpout_.empty()) unlink(tmpout_.c_str());
    if (!tmp3_.empty()) remove_tree(tmp3_);  // a .do may even have made it a directory
    tmpout_.clear();
    tmp3_.clear();
    release_temp(slot3_);
    release_temp(slotout_);
    slot3_ = slotout_ = -1;
}

// The file that catches the .do's stdout, made and registered for removal
// with the stop signals held off.
void Job::open_stdout(const std::string& beside) {
    StopSignalsBlocked blocked;
    tmpout_ = beside;
    unlink(tmpout_.c_str());
    out_fd_ = open(tmpout_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (out_fd_ < 0 && (errno == ENOENT || errno == ENOTDIR)) {
        // No such directory yet: the .do will make it. Stdout goes to the
        // nearest directory that is, on the target's file system (the run
        // directory may be in memory, and far from the target).
        struct stat st;
        std::string above = dir_name(target_);
        do above = dir_name(above);
        while (above != "/" && lstat(above.c_str(), &st) != 0);
        tmpout_ = (above == "/" ? "" : above) + "/." + state_name(relative_path(target_, above)) +
                  ".redo-out.tmp";
        out_fd_ = open(tmpout_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    }
    if (out_fd_ < 0) {
        int e = errno;
        tmpout_.clear();
        throw_errno(ctx_.display(key_), e);
    }
    slotout_ = register_temp(tmpout_);
}

void Job::start(int err) {
    std::string line = "redo" + std::string(size_t(2 * (ctx_.depth + 1)), ' ') +
                       ctx_.display(key_) + "\n";
    if (write(err, line.data(), line.size()) < 0) {
    }  // progress is best effort

    std::string dir = dir_name(target_), base = base_name(target_);
    struct stat st;
    existed_ = lstat(target_.c_str(), &st) == 0;
    if (existed_) before_ = fingerprint(st);

    // Both temporaries sit beside the target, so installing is a rename.
    // Their names are fixed: only the holder of the target's lock builds
    // it, and what a killed build left behind is simply replaced.
    tmp3_ = dir + "/." + base + ".redo-3.tmp";
    remove_tree(tmp3_);
    slot3_ = register_temp(tmp3_);
    open_stdout(dir + "/." + base + ".redo-out.tmp");

    int logfd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (logfd < 0) throw_errno(log_);
    close(logfd);

    // stderr goes through us: shown live on err, and kept for redo-log
    errlog_ = log_ + ".log";  // made when the .do first writes to stderr
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe");
    err_pipe_ = fds[0];
    fcntl(err_pipe_, F_SETFL, O_NONBLOCK);
    err_ = err;
    std::vector<std::string> argv =
        do_argv(do_, relative_path(tmp3_, do_.where.dir), ctx_.flags.trace, ctx_.flags.verbose);
    try {
        pid_ = spawn_child(argv, do_.where.dir, out_fd_, fds[1], ctx_.child_env(key_, log_));
    } catch (...) {
        close(fds[1]);
        throw;
    }
    close(fds[1]);
}

void Job::pump() {
    if (err_pipe_ < 0) return;
    char buf[8192];
    for (;;) {
        ssize_t n = read(err_pipe_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        partial_.append(buf, size_t(n));
    }
    size_t at = 0, nl;
    std::string log, shown;
    while ((nl = partial_.find('\n', at)) != std::string::npos) {
        pass_line(std::string_view(partial_).substr(at, nl + 1 - at), log, shown);
        at = nl + 1;
    }
    partial_.erase(0, at);
    flush_lines(log, shown);
}

// Write what pass_line() gathered: one write to the log, one to err.
void Job::flush_lines(const std::string& log, const std::string& shown) {
    if (!log.empty() && errlog_fd_ < 0)
        errlog_fd_ = open(errlog_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
    if ((!log.empty() && errlog_fd_ >= 0 && write(errlog_fd_, log.data(), log.size()) < 0) ||
        (!shown.empty() && write(err_, shown.data(), shown.size()) < 0)) {
    }  // the log and the terminal are best effort; the build goes on
}

// One line of the .do's stderr: kept whole in the log; passed up tagged
// with our target (a nested build's lines are tagged "\x1fTARGET\x1f" in
// its parent's log), and shown untagged, without marks, at the top.
void Job::pass_line(std::string_view line, std::string& log, std::string& shown) {
    log += line;
    if (ctx_.top_level) {
        std::string_view text = strip_log_tags(line);
        if (!is_log_mark(text)) shown += text;
    } else {
        shown += kLogTag + key_ + kLogTag;
        shown += line;
    }
}

// Keep the stderr of this build as the target's last log.
void Job::keep_log() {
    pump();
    if (!partial_.empty()) {
        std::string log, shown;
        pass_line(partial_ + "\n", log, shown);
        flush_lines(log, shown);
    }
    partial_.clear();
    if (err_pipe_ >= 0) close(err_pipe_);
    bool wrote = errlog_fd_ >= 0;
    if (errlog_fd_ >= 0) close(errlog_fd_);
    err_pipe_ = errlog_fd_ = -1;
    if (errlog_.empty()) return;
    try {
        if (wrote) store_.save_log(key_, errlog_);
        else store_.drop_log(key_);  // a quiet build: no file to keep
    } catch (const Error&) {
    }  // a log is not worth failing a build for
    unlink(errlog_.c_str());
    errlog_.clear();
}

JobResult Job::fail(int status, const std::string& reason) {
    cleanup();
    unlink(log_.c_str());
    JobResult r;
    r.status = status;
    r.error = ctx_.display(key_) + ": " + reason;
    return r;
}

// Copy the unlinked stdout file into a new temporary beside the target;
// false (errno set) when that cannot be done.
bool Job::relink_stdout() {
    std::string fresh = dir_name(target_) + "/." + base_name(target_) + ".redo-out.tmp";
    int fd = open(fresh.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    release_temp(slotout_);
    tmpout_ = fresh;
    slotout_ = register_temp(tmpout_);
    char buf[65536];
    off_t at = 0;
    for (;;) {
        ssize_t n = pread(out_fd_, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || write(fd, buf, size_t(n)) != n) {
            int e = n == 0 ? 0 : errno ? errno : EIO;
            if (close(fd) != 0 && e == 0) e = errno;
            errno = e;
            return e == 0;
        }
        at += n;
    }
}

JobResult Job::finish(int ws) {
    forget_child(pid_);
    keep_log();
    std::string dofile = ctx_.display(relative_path(do_.where.path(), ctx_.top));
    if (WIFSIGNALED(ws))
        return fail(128 + WTERMSIG(ws), dofile + " killed by " + strsignal(WTERMSIG(ws)));
    if (WEXITSTATUS(ws) != 0)
        return fail(WEXITSTATUS(ws), dofile + " failed: exit status " +
                                         std::to_string(WEXITSTATUS(ws)));

    struct stat st3, stout, now;
    bool has3 = lstat(tmp3_.c_str(), &st3) == 0;
    if (fstat(out_fd_, &stout) != 0) throw_errno(tmpout_);
    bool exists = lstat(target_.c_str(), &now) == 0;
    bool changed = exists != existed_ || (exists && fingerprint(now) != before_);
    // A .do may make its target a directory itself, writing nothing else.
    bool made_dir = changed && exists && S_ISDIR(now.st_mode) && !has3 && stout.st_size == 0;
    if (changed && !made_dir)
        return fail(1, dofile + " modified the target itself; it must write $3 or stdout");
    if (has3 && stout.st_size > 0) return fail(1, dofile + " wrote to both $3 and stdout");
    if (has3 && S_ISDIR(st3.st_mode)) return fail(1, dofile + " made $3 a directory");

    const std::string* install = has3 ? &tmp3_ : stout.st_size > 0 ? &tmpout_ : nullptr;
    // The .do removed the directory that held the stdout file (and made it
    // again): copy what it wrote to a new one beside the target.
    if (install == &tmpout_ && stout.st_nlink == 0 && !relink_stdout())
        return fail(1, std::string("cannot install output: ") + strerror(errno));
    // The record is written aside before the old target is replaced: where
    // .redo/ cannot take it (a full disk), the old target stays.
    struct stat pre;
    const std::string* made = install ? install : &target_;
    bool has_pre = lstat(made->c_str(), &pre) == 0;
    Record staged;
    Store::Staged record_file;
    try {
        staged = make_record(has_pre ? &pre : nullptr);
        record_file = store_.stage(key_, staged);
    } catch (const Error& e) {
        return fail(1, std::string("cannot record the build: ") + e.what());
    }
    if (made_dir) {
    } else if (install) {
        if (rename(install->c_str(), target_.c_str()) != 0) {
            int e = errno;
            return fail(1, std::string("cannot install output: ") + strerror(e));
        }
        install == &tmp3_ ? tmp3_.clear() : tmpout_.clear();
    } else if (exists && unlink(target_.c_str()) != 0) {
        int e = errno;
        return fail(1, std::string("cannot remove the old target: ") + strerror(e));
    }
    cleanup();

    JobResult r;
    r.record = staged;
    r.record.fp = lstat(target_.c_str(), &now) == 0 ? fingerprint(now) : "-";
    unlink(log_.c_str());
    store_.commit(record_file, r.record.fp == staged.fp ? nullptr : &r.record);
    return r;
}

// The record of this build: the .do and the candidates before it first (a
// changed or new .do is noticed before anything else is looked at), then
// what the .do's redo-ifchange, redo-ifcreate, redo-always and redo-stamp
// logged.
Record Job::make_record(const struct stat* out) {
    Record logged;
    std::string text;
    read_file_if_exists(AT_FDCWD, log_, text);  // none: the .do logged nothing
    parse_dep_lines(text, logged);

    Record r;
    r.kind = Record::Target;
    r.run = ctx_.run;
    r.fp = out ? fingerprint(*out) : "-";
    r.always = logged.always;
    r.stamp = logged.stamp;
    r.version = r.stamp.empty() ? random_token() : r.stamp;
    for (const std::string& m : do_.missing)
        r.deps.push_back(Dep{Dep::IfCreate, relative_path(m, ctx_.top), "", ""});
    std::string do_key = relative_path(do_.where.path(), ctx_.top);
    Record do_rec = store_.load(do_key);
    struct stat st;
    if (do_rec.kind == Record::Target) {
        r.deps.push_back(Dep{Dep::Target, do_key, "", do_rec.version});
    } else if (stat(do_.where.path().c_str(), &st) == 0) {
        Store::SourceState s = store_.source_state(do_key, st, &do_rec);
        r.deps.push_back(Dep{Dep::Source, do_key, s.fp, s.hash});
    }
    std::set<std::string> seen;
    for (const Dep& d : r.deps) seen.insert(d.path);
    for (Dep& d : logged.deps)
        if (seen.insert(d.path).second) r.deps.push_back(std::move(d));
    return r;
}

}  // namespace rb::redo
