// redo/build.cc — the build loop of one redo process.
#include "redo/build.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <random>

#include "command.h"
#include "error.h"
#include "redo/dofile.h"
#include "redo/job.h"
#include "redo/paths.h"
#include "redo/proc.h"

namespace rb::redo {

struct Builder::Item {
    std::string key;
    bool force = false;     // build even if up to date
    bool internal = false;  // built only to decide another item: not our dependency
    bool dirty = false;     // known out of date: skip the check
    std::string seen_version;  // of its record when found out of date
    enum State { Pending, Blocked, Waiting, Running, Done } state = Pending;
    bool ok = false;
    Dep dep;                     // what the parent records, when ok
    std::vector<size_t> blocked_on;
    TargetLock lock;
    std::string edge;            // wait-graph entry, while one is recorded
    std::unique_ptr<Job> job;
    unsigned polls = 0;
};

Builder::Builder(Context& ctx, const std::string& name, int err)
    : ctx_(ctx), name_(name), err_(err), store_(), checker_(store_, ctx.run) {
    store_.set_base(ctx_.cwd);
    if (!ctx_.top_level) {
        run_path_ = ctx_.run_path;
        if (ctx_.own_jobs) {
            own_fifo_ = std::make_unique<JobFifo>(
                run_path_ + "/jobs." + std::to_string(getpid()), ctx_.jobs);
            ctx_.jobs_fifo = own_fifo_->path();
        }
        jobs_ = std::make_unique<Jobserver>(ctx_.jobs_fifo);
        graph_ = std::make_unique<WaitGraph>(run_path_ + "/need");
    }
}

Builder::~Builder() = default;

void Builder::report(const std::string& text) { write_message(err_, name_ + ": " + text + "\n"); }

void Builder::ensure_run_dir() {
    if (!ctx_.top_level || run_dir_) return;
    run_dir_ = std::make_unique<RunDir>(dir_name(ctx_.run_path), ctx_.run, ctx_.jobs);
    run_path_ = run_dir_->path();
    ctx_.jobs_fifo = run_dir_->jobs_fifo();
    jobs_ = std::make_unique<Jobserver>(ctx_.jobs_fifo);
    graph_ = std::make_unique<WaitGraph>(run_path_ + "/need");
}

bool Builder::failed_before(const std::string& key) const {
    if (run_path_.empty()) return false;
    struct stat st;
    return stat((run_path_ + "/failed/" + state_name(key)).c_str(), &st) == 0;
}

void Builder::mark_failed(const std::string& key) const {
    if (run_path_.empty()) return;
    int fd = open((run_path_ + "/failed/" + state_name(key)).c_str(),
                  O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd >= 0) close(fd);
}

size_t Builder::add_item(const std::string& key, bool force, bool internal) {
    auto known = index_.find(key);
    if (known != index_.end()) return known->second;
    index_.emplace(key, items_.size());
    auto it = std::make_unique<Item>();
    it->key = key;
    it->force = force;
    it->internal = internal;
    items_.push_back(std::move(it));
    return items_.size() - 1;
}

bool Builder::slot_free() { return running_ < jobs_->held() || jobs_->try_take(); }

void Builder::drop_edge(Item& it) {
    if (!it.edge.empty() && graph_) graph_->remove(ctx_.parent, it.edge);
    it.edge.clear();
}

void Builder::finish_ok(Item& it, const Dep& dep) {
    drop_edge(it);
    it.lock.unlock();
    it.state = Item::Done;
    it.ok = true;
    it.dep = dep;
}

void Builder::finish_failed(Item& it, int status, const std::string& error) {
    drop_edge(it);
    if (it.lock.held()) mark_failed(it.key);
    it.lock.unlock();
    it.state = Item::Done;
    it.ok = false;
    if (!error.empty()) report(error);
    if (status_ == 0) status_ = status ? status : 1;
    if (!ctx_.flags.keep_going) stop_ = true;
}

Builder::Step Builder::evaluate(Item& it) {
    if (!it.force && !it.dirty) {
        Status s = checker_.check(it.key);
        if (s.state == Status::Clean) {
            if (s.dep.kind == Dep::Target && !it.internal) clean_marks_ += clean_mark(ctx_, it.key);
            finish_ok(it, s.dep);
            return Step::Next;
        }
        if (s.state == Status::Missing) {
            finish_failed(it, 1, ctx_.display(it.key) + ": no such file, and no .do file to make it");
            return Step::Next;
        }
        if (s.state == Status::Need) {
            it.state = Item::Blocked;
            it.blocked_on.clear();
            for (const std::string& k : s.need) it.blocked_on.push_back(add_item(k, false, true));
            return Step::Next;
        }
        it.dirty = true;  // no need to look again while it waits for a token
        it.seen_version = s.seen_version;
    } else if (it.force) {
        // redo TARGET runs its .do every time, even when this run built it
        // already: build-once holds for redo-ifchange only.
        Record r = store_.load(it.key);
        struct stat st;
        if (r.kind != Record::Target && store_.stat_key(it.key, st) &&
            !store_.lock_busy(it.key)) {
            finish_failed(it, 1, ctx_.display(it.key) +
                                     ": a source file (it exists and redo did not build it)");
            return Step::Next;
        }
    }
    return start_build(it);
}

Builder::Step Builder::start_build(Item& it) {
    if (failed_before(it.key)) {  // reported when it failed
        finish_failed(it, 1, "");
        return Step::Next;
    }
    ensure_run_dir();
    if (!slot_free()) return Step::NoSlot;
    if (!ctx_.parent.empty() && it.edge.empty()) it.edge = graph_->add(ctx_.parent, it.key);
    if (!it.lock.try_lock(store_, it.key)) {
        start_waiting(it);
        return Step::Next;
    }
    // Someone may have built it while we were checking.
    Record r = store_.load(it.key);
    if (!it.force && r.kind == Record::Target && r.run == ctx_.run) {
        if (!it.internal) clean_marks_ += clean_mark(ctx_, it.key);
        finish_ok(it, Checker::target_dep(it.key, r));
        return Step::Next;
    }
    // ... or another build, between our check and our lock: look again
    if (!it.force && r.kind == Record::Target && r.version != it.seen_version) {
        Status s = checker_.recheck(it.key);
        if (s.state == Status::Clean) {
            if (!it.internal) clean_marks_ += clean_mark(ctx_, it.key);
            finish_ok(it, s.dep);
            return Step::Next;
        }
    }
    if (failed_before(it.key)) {
        finish_failed(it, 1, "");
        return Step::Next;
    }
    std::string path = store_.abs(it.key);
    std::optional<DoFile> dofile = find_dofile(path);
    if (!dofile) {
        struct stat st;
        if (!it.force && stat(path.c_str(), &st) == 0) {
            // its .do is gone but the file stays: a source from now on
            store_.forget(it.key);
            Store::SourceState s = store_.source_state(it.key, st, nullptr);
            finish_ok(it, Dep{Dep::Source, it.key, s.fp, s.hash});
        } else {
            finish_failed(it, 1, ctx_.display(it.key) + ": no .do file to make it");
        }
        return Step::Next;
    }
    it.job = std::make_unique<Job>(ctx_, store_, run_path_, it.key, std::move(*dofile));
    install_build_signals(ctx_.top_level && !in_terminal_foreground(), ctx_.top_level);
    try {
        it.job->start(err_);
    } catch (const Error& e) {
        it.job.reset();
        finish_failed(it, 1, e.what());
        return Step::Next;
    }
    it.state = Item::Running;
    running_++;
    return Step::Next;
}

void Builder::start_waiting(Item& it) {
    it.state = Item::Waiting;
    it.polls = 0;
    retry_waiting(it);
}

// Another process holds the lock: done when it lets go, an error when
// waiting would close a cycle.
void Builder::retry_waiting(Item& it) {
    if (it.lock.try_lock(store_, it.key)) {
        it.lock.unlock();
        it.state = Item::Pending;  // look again: most likely built by now
        it.dirty = false;
        checker_.forget();
        return;
    }
    if (ctx_.parent.empty() || it.polls++ % 5 != 0) return;
    std::vector<std::string> cycle = graph_->path_back(ctx_.parent, it.key);
    if (cycle.empty()) return;
    std::string text = ctx_.display(ctx_.parent);
    for (const std::string& k : cycle) text += " -> " + ctx_.display(k);
    finish_failed(it, 1, ctx_.display(it.key) + ": dependency cycle: " + text);
}

void Builder::reap() {
    for (;;) {
        int ws;
        pid_t pid = waitpid(-1, &ws, WNOHANG);
        if (pid <= 0) return;
        for (size_t i = settled_; i < items_.size(); i++) {
            Item& it = *items_[i];
            if (it.state != Item::Running || it.job->pid() != pid) continue;
            running_--;
            JobResult r;
            try {
                r = it.job->finish(ws);
            } catch (const Error& e) {
                r.status = 1;
                r.error = e.what();
            }
            it.job.reset();
            checker_.forget();
            if (r.status == 0) finish_ok(it, Checker::target_dep(it.key, r.record));
            else finish_failed(it, r.status, r.error);
            break;
        }
    }
}

void Builder::wait_for_events(bool want_token, bool waiting) {
    std::vector<struct pollfd> fds;
    if (running_ > 0) fds.push_back({child_event_fd(), POLLIN, 0});
    if (want_token && jobs_ && jobs_->shared()) fds.push_back({jobs_->fd(), POLLIN, 0});
    size_t first_pipe = fds.size();
    std::vector<Job*> piped;
    for (size_t i = settled_; i < items_.size(); i++)
        if (items_[i]->state == Item::Running && items_[i]->job->err_pipe() >= 0) {
            fds.push_back({items_[i]->job->err_pipe(), POLLIN, 0});
            piped.push_back(items_[i]->job.get());
        }
    int timeout = waiting ? 20 : -1;
    if (fds.empty() && !waiting) return;
    if (poll(fds.data(), nfds_t(fds.size()), timeout) < 0 && errno != EINTR) throw_errno("poll");
    for (size_t i = 0; i < piped.size(); i++)
        if (fds[first_pipe + i].revents) piped[i]->pump();
    if (running_ > 0) drain_child_events();
}

int Builder::build(const std::vector<std::string>& given, bool force) {
    std::vector<std::string> keys = given;
    if (ctx_.flags.shuffle) {
        std::random_device seed;
        std::shuffle(keys.begin(), keys.end(), std::mt19937(seed()));
    }
    for (const std::string& k : keys) add_item(k, force, false);
    for (;;) {
        if (running_ > 0) reap();
        bool want_token = false;
        while (settled_ < items_.size() && items_[settled_]->state == Item::Done) settled_++;
        for (size_t i = settled_; i < items_.size() && !stop_; i++) {  // items_ may grow
            Item& it = *items_[i];
            if (it.state == Item::Blocked) {
                bool ready = true, failed = false;
                for (size_t b : it.blocked_on) {
                    ready = ready && items_[b]->state == Item::Done;
                    failed = failed || (items_[b]->state == Item::Done && !items_[b]->ok);
                }
                if (!ready) continue;
                it.state = Item::Pending;
                it.dirty = failed;  // rebuild; its .do meets the failure itself
            }
            if (it.state == Item::Waiting) retry_waiting(it);
            if (it.state == Item::Pending && !want_token && evaluate(it) == Step::NoSlot)
                want_token = true;
        }
        bool waiting = false, busy = false;
        for (size_t i = settled_; i < items_.size(); i++) {
            auto& p = items_[i];
            if (stop_ && p->state != Item::Running && p->state != Item::Done) {
                drop_edge(*p);
                p->state = Item::Done;
            }
            waiting = waiting || p->state == Item::Waiting;
            busy = busy || p->state != Item::Done;
        }
        if (!busy) break;
        // Tokens are for running .do scripts: keep no spare one, and while
        // only waiting for others give back even our own.
        if (jobs_) {
            while (jobs_->held() > running_ && jobs_->held() > 1 && !want_token) jobs_->give_back();
            if (running_ == 0 && waiting && !want_token && jobs_->held() == 1) jobs_->give_back();
        }
        wait_for_events(want_token, waiting);
    }
    if (jobs_) jobs_->settle();

    std::string lines;
    for (auto& p : items_) {
        if (p->internal) continue;
        lines += format_dep(p->ok ? p->dep : Dep{Dep::Target, p->key, "", kFailedVersion});
    }
    append_deps(ctx_, lines);
    if (!clean_marks_.empty()) write_message(err_, clean_marks_);  // one write for all
    return status_;
}

}  // namespace rb::redo
