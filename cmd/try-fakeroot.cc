// try-fakeroot.cc — run a command under fakeroot when fakeroot works; its
// daemon never outlives the run, and -s SAVE is written whole or not at all.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "command.h"
#include "error.h"

extern char** environ;

namespace rb {

// fakeroot is absent on some systems and broken on others (no SysV IPC in a
// sandbox, a foreign libc): only a trial run tells.
static bool fakeroot_works() {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const char* argv[] = {"fakeroot", "--", "true", nullptr};
    pid_t pid;
    int rc = posix_spawnp(&pid, "fakeroot", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Our children, orphans included: we are their subreaper, so the fakeroot
// daemon (which detaches itself) is one of them.
static std::vector<pid_t> children() {
    std::vector<pid_t> pids;
    std::ifstream in("/proc/self/task/" + std::to_string(getpid()) + "/children");
    for (pid_t pid; in >> pid;) pids.push_back(pid);
    return pids;
}

static bool is_faked(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
    std::string comm;
    std::getline(in, comm);
    return comm.compare(0, 5, "faked") == 0;
}

// Reap every child that has ended; true when `main` is one of them.
static bool reap(pid_t main, int& main_status) {
    bool ended = false;
    int ws;
    for (pid_t pid; (pid = waitpid(-1, &ws, WNOHANG)) > 0;)
        if (pid == main) {
            main_status = ws;
            ended = true;
        }
    return ended;
}

static void nap() {
    timespec ts{0, 50 * 1000 * 1000};
    nanosleep(&ts, nullptr);
}

// Pass sig to every child but the daemon, give them 5 s to end (their own
// clean-up may still need the daemon), then kill what is left; the daemon
// last, with SIGKILL, so that it saves nothing.
static void stop_all(pid_t main, int sig) {
    std::set<pid_t> told;
    int ws;
    for (int round = 0;; round++) {
        reap(main, ws);
        bool others = false;
        for (pid_t pid : children()) {
            if (is_faked(pid)) continue;
            others = true;
            if (round >= 100) kill(pid, SIGKILL);
            else if (told.insert(pid).second) kill(pid, sig);
        }
        if (!others) break;
        nap();
    }
    for (pid_t pid : children()) kill(pid, SIGKILL);
    while (waitpid(-1, &ws, 0) > 0 || errno == EINTR) {
    }
}

[[noreturn]] static void die_of(int sig) {
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    raise(sig);
    _exit(128 + sig);
}

// SAVE's temporary, beside it so that installing it is a rename.
struct SaveFile {
    std::string path, tmp;
    explicit SaveFile(const std::string& p) : path(p) {
        if (path.empty()) return;
        std::string t = path + ".XXXXXX";
        int fd = mkstemp(&t[0]);
        if (fd < 0) throw_errno(path);
        close(fd);
        tmp = t;
    }
    void discard() {
        if (!tmp.empty()) unlink(tmp.c_str());
        tmp.clear();
    }
    void install() {
        if (tmp.empty()) return;
        mode_t mask = umask(0);
        umask(mask);
        if (chmod(tmp.c_str(), 0666 & ~mask) != 0 || rename(tmp.c_str(), path.c_str()) != 0) {
            int e = errno;
            discard();
            throw_errno(path, e);
        }
        tmp.clear();
    }
    ~SaveFile() { discard(); }
};

// Run argv (fakeroot and its operands) as our child and wait for it. A
// signal is passed on to everything it started, and then kills us too.
static int supervise(std::vector<std::string>& argv, SaveFile& save) {
    sigset_t stops, old;
    sigemptyset(&stops);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&stops, s);
    sigprocmask(SIG_BLOCK, &stops, &old);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) throw_errno("prctl");

    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(&a[0]);
    cargv.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setsigmask(&attr, &old);
    pid_t main;
    int rc = posix_spawnp(&main, cargv[0], nullptr, &attr, cargv.data(), environ);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) throw_errno(cargv[0], rc);

    int ws = 0;
    for (;;) {
        int sig = sigwaitinfo(&stops, nullptr);
        if (sig == SIGCHLD) {
            if (reap(main, ws)) break;
        } else if (sig > 0) {
            stop_all(main, sig);
            save.discard();
            die_of(sig);
        }
    }
    // fakeroot stops its daemon before it exits, unless fakeroot was killed
    if (WIFSIGNALED(ws)) {
        stop_all(main, SIGTERM);
        save.discard();
        die_of(WTERMSIG(ws));
    }
    for (pid_t pid : children())
        if (is_faked(pid)) kill(pid, SIGKILL);
    int status = WEXITSTATUS(ws);
    if (status == 0) save.install();
    return status;
}

static int try_fakeroot_main(Invocation& inv) {
    const std::string& state = inv.args[0];
    std::vector<std::string> argv;
    inv.out.flush();
    if (fakeroot_works()) {
        SaveFile save(inv.opts.get("s"));
        argv.push_back("fakeroot");
        struct stat st;
        if (stat(state.c_str(), &st) == 0) {
            argv.push_back("-i");
            argv.push_back(state);
        }
        if (!save.tmp.empty()) {
            argv.push_back("-s");
            argv.push_back(save.tmp);
        }
        argv.push_back("--");
        argv.insert(argv.end(), inv.args.begin() + 1, inv.args.end());
        return supervise(argv, save);
    }
    argv.assign(inv.args.begin() + 1, inv.args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(&a[0]);
    cargv.push_back(nullptr);
    execvp(cargv[0], cargv.data());
    int err = errno;
    write_message(inv.err, std::string("try-fakeroot: ") + cargv[0] + ": " + std::strerror(err) + "\n");
    return err == ENOENT ? 127 : 126;
}

extern const Command try_fakeroot_command = {
    "try-fakeroot",
    "try-fakeroot [-s SAVE] STATE CMD [ARG ...]",
    "Run CMD with its ARGs under fakeroot -i STATE when fakeroot works and\n"
    "STATE exists, under plain fakeroot when fakeroot works and STATE does not\n"
    "exist, and directly when fakeroot is missing or does not work. The exit\n"
    "status is CMD's; 127 when CMD is not found, 126 when it cannot be run.\n"
    "A signal (INT, TERM, HUP) is passed on to everything CMD started, the\n"
    "fakeroot daemon included, before try-fakeroot dies of it.\n"
    "\n"
    "  -s SAVE  save fakeroot's records in SAVE when CMD succeeds (SAVE may\n"
    "           be STATE); SAVE is left as it was when CMD fails or is\n"
    "           interrupted, and when fakeroot does not work\n",
    {{'s', nullptr, "SAVE"}},
    2,
    -1,
    try_fakeroot_main,
};

}  // namespace rb
