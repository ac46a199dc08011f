// redo/proc.cc — spawning .do scripts and the signal handlers of a build.
#include "redo/proc.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "error.h"
#include "signals.h"

extern char** environ;

namespace rb::redo {

namespace {
constexpr int kChildren = 1100;  // more than the largest -j
std::atomic<pid_t> children[kChildren];
std::atomic<bool> own_groups{false};
std::atomic<bool> reaper{false};  // a child subreaper: orphans come to us
int event_pipe[2] = {-1, -1};

extern "C" void on_child(int) {
    int saved = errno;
    char c = 0;
    if (write(event_pipe[1], &c, 1) < 0) {
    }  // a full pipe already says "look"
    errno = saved;
}

// The parent pid in /proc/PID/stat ("PID (COMM) STATE PPID ..."), or -1.
// Raw system calls only: this runs in a signal handler.
pid_t parent_of(const char* pid) {
    char path[64] = "/proc/", buf[512];
    size_t n = 6;
    for (const char* p = pid; *p && n < 50; p++) path[n++] = *p;
    memcpy(path + n, "/stat", 6);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0) return -1;
    buf[len] = 0;
    char* close_paren = strrchr(buf, ')');  // COMM may hold anything
    if (!close_paren || close_paren + 4 >= buf + len) return -1;
    pid_t ppid = 0;
    for (char* p = close_paren + 4; *p >= '0' && *p <= '9'; p++) ppid = ppid * 10 + (*p - '0');
    return ppid;
}

// The processes already sent the stop signal: each gets it once, since a
// second one can cut short the clean-up its first one started (a .do's EXIT
// trap removing a half-built tree; try-fakeroot stopping its daemon).
constexpr int kSignalled = 4096;
pid_t signalled[kSignalled];
int signalled_count = 0;

// The process groups of the .do scripts, signalled whole: a member of one
// that later comes to us as an orphan has had the signal already.
pid_t signalled_groups[kChildren];
int signalled_group_count = 0;

void remember(pid_t pid) {
    if (signalled_count < kSignalled) signalled[signalled_count++] = pid;
}

void signal_once(pid_t pid, int sig) {
    for (int i = 0; i < signalled_count; i++)
        if (signalled[i] == pid) return;
    remember(pid);
    // A process in our own group had the signal with us: from the terminal
    // (Ctrl-C), or from the redo above, which signals each .do's group.
    pid_t group = getpgid(pid);
    if (group == getpgrp()) return;
    for (int i = 0; i < signalled_group_count; i++)
        if (signalled_groups[i] == group) return;
    kill(pid, sig);
}

// Send sig to every child of this process (as a subreaper, every orphaned
// descendant of the .do scripts becomes one) that has not had it yet, or
// SIGKILL to all of them; the number of children left.
int signal_children(int sig) {
    int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return 0;
    pid_t self = getpid();
    int count = 0;
    char buf[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, dir, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
            unsigned short reclen;
            memcpy(&reclen, buf + off + 16, sizeof reclen);
            const char* name = buf + off + 19;
            off += reclen;
            if (*name < '1' || *name > '9' || parent_of(name) != self) continue;
            pid_t pid = 0;
            for (const char* p = name; *p; p++) pid = pid * 10 + (*p - '0');
            if (sig == SIGKILL)
                kill(pid, SIGKILL);
            else
                signal_once(pid, sig);
            count++;
        }
    }
    close(dir);
    return count;
}

// Stop every descendant, whatever process group or session it moved to:
// the signal once to each, then time to clean up (a .do's trap removing a
// big tree, a nested redo its temporaries, try-fakeroot its daemon), then
// SIGKILL to what is left; reaping all the while, until none is left.
void stop_descendants(int sig) {
    constexpr int kPauseMs = 20, kGraceMs = 15000, kKillMs = 5000;
    for (int ms = 0; ms < kGraceMs + kKillMs; ms += kPauseMs) {
        while (waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        if (signal_children(ms < kGraceMs ? sig : SIGKILL) == 0) return;
        struct timespec pause = {0, kPauseMs * 1000 * 1000};
        nanosleep(&pause, nullptr);
    }
}

// The core's stop handler runs this first; it then removes the registered
// temporaries and dies of the signal. A SIGPIPE (our stderr gone) stops
// only us, as it always did.
void on_stop(int sig) {
    if (sig == SIGPIPE) return;
    bool groups = own_groups;
    for (auto& slot : children) {
        pid_t pid = slot;
        if (pid <= 0) continue;
        if (!groups) {
            signal_once(pid, sig);
            continue;
        }
        kill(-pid, sig);
        remember(pid);
        if (signalled_group_count < kChildren) signalled_groups[signalled_group_count++] = pid;
    }
    // Every redo waits for its .do scripts to finish their clean-up: each
    // one's stderr is a pipe to this process, and a nested redo that died
    // at once would kill the clean-up with SIGPIPE at its first message.
    stop_descendants(sig);
}
}  // namespace

void install_build_signals(bool groups, bool subreaper) {
    own_groups = groups;
    // Linux: what a .do starts in another process group or session
    // (setsid, timeout) still comes back to us when its parent dies.
    if (subreaper && !reaper && prctl(PR_SET_CHILD_SUBREAPER, 1) == 0) reaper = true;
    if (event_pipe[0] >= 0) return;
    if (pipe2(event_pipe, O_CLOEXEC | O_NONBLOCK) != 0) throw_errno("pipe");
    install_handler(SIGCHLD, on_child, SA_RESTART | SA_NOCLDSTOP);
    set_stop_hook(on_stop);
    install_stop_handlers();  // a signal ignored (nohup, the shell's &) stays so
}

int child_event_fd() { return event_pipe[0]; }

void drain_child_events() {
    char buf[256];
    while (read(event_pipe[0], buf, sizeof buf) > 0) {
    }
}

static void remember_child(pid_t pid) {
    for (auto& slot : children) {
        pid_t expected = 0;
        if (slot.compare_exchange_strong(expected, pid)) return;
    }
}

void forget_child(pid_t pid) {
    for (auto& slot : children) {
        pid_t expected = pid;
        if (slot.compare_exchange_strong(expected, 0)) return;
    }
}

bool in_terminal_foreground() {
    for (int fd = 0; fd < 3; fd++)
        if (isatty(fd)) return tcgetpgrp(fd) == getpgrp();
    return false;
}

// Where execvp(3) would find a program named without a slash, looked up
// once per build: a .do's sh would otherwise cost a failed execve(2) for
// every directory of PATH before the right one, for every target. "" when
// not found, for a name with a slash, or past a relative PATH entry (then
// execvp decides in the child, as before).
static const std::string& find_program(const std::string& name) {
    static std::string cached_name, cached_path, cached_for;
    const char* env_path = getenv("PATH");
    std::string search = env_path ? env_path : "/bin:/usr/bin";
    if (name == cached_name && search == cached_for) return cached_path;
    cached_name = name;
    cached_for = search;
    cached_path.clear();
    if (name.find('/') != std::string::npos) return cached_path;
    size_t at = 0;
    for (;;) {
        size_t colon = search.find(':', at);
        std::string dir = search.substr(at, colon == std::string::npos ? colon : colon - at);
        // a relative entry means the child's directory, not ours: execvp's
        if (dir.empty() || dir[0] != '/') break;
        std::string candidate = dir + "/" + name;
        struct stat st;
        if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            access(candidate.c_str(), X_OK) == 0) {
            cached_path = candidate;
            break;
        }
        if (colon == std::string::npos) break;
        at = colon + 1;
    }
    return cached_path;
}

pid_t spawn_child(const std::vector<std::string>& argv, const std::string& dir, int out_fd,
                  int err_fd, const std::vector<std::string>& env) {
    // everything the child needs is built before fork: it only calls
    // async-signal-safe functions before exec
    const std::string& program = find_program(argv[0]);
    std::vector<char*> cargv, cenv;
    for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const std::string& e : env) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    std::string failure = argv[0] + ": cannot run: ";

    sigset_t block, old;
    sigemptyset(&block);
    for (int s : kStopSignals) sigaddset(&block, s);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    bool groups = own_groups;
    pid_t pid = fork();
    if (pid == 0) {
        reset_handlers_in_child();
        sigprocmask(SIG_SETMASK, &old, nullptr);
        if (groups) setpgid(0, 0);
        if (chdir(dir.c_str()) != 0 || dup2(out_fd, 1) < 0) _exit(127);
        if (err_fd >= 0 && dup2(err_fd, 2) < 0) _exit(127);
        if (!program.empty()) execve(program.c_str(), cargv.data(), cenv.data());
        execvpe(cargv[0], cargv.data(), cenv.data());  // gone since, or not found
        int err = errno;
        const char* reason = strerror(err);
        if (write(2, failure.data(), failure.size()) < 0 || write(2, reason, strlen(reason)) < 0 ||
            write(2, "\n", 1) < 0) {
        }
        _exit(err == ENOENT ? 127 : 126);
    }
    int err = errno;
    if (pid > 0) {
        if (groups) setpgid(pid, pid);  // also here: no signal may find it still in ours
        remember_child(pid);
    }
    sigprocmask(SIG_SETMASK, &old, nullptr);
    if (pid < 0) throw_errno("fork", err);
    return pid;
}

}  // namespace rb::redo
