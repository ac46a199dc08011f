// signals.cc — the stop signals' handler, the registry of temporaries it
// removes, and every other handler the process installs.
#include "signals.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <new>

namespace rb {

namespace {

// A registered temporary: allocated whole before it is published, so the
// handler sees a complete entry or none.
struct Temp {
    int dirfd;
    char name[1];  // NUL-terminated, allocated to its length
};

constexpr int kTemps = 4096;  // redo keeps one per running .do, up to -j 1000 and more
std::atomic<Temp*> temps[kTemps];
std::atomic<StopHook> stop_hook{nullptr};
constexpr int kMaxSignal = 65;
std::atomic<bool> installed[kMaxSignal];
// what the handler reads must be readable there: no locks inside
static_assert(std::atomic<Temp*>::is_always_lock_free && std::atomic<StopHook>::is_always_lock_free &&
              std::atomic<bool>::is_always_lock_free);

extern "C" void rb_remove_temps_and_die(int sig) {
    int saved = errno;
    if (StopHook hook = stop_hook.load()) hook(sig);
    for (auto& slot : temps)
        if (Temp* t = slot.load()) unlinkat(t->dirfd, t->name, 0);
    signal(sig, SIG_DFL);
    errno = saved;
    raise(sig);  // delivered when the handler returns: the signal's own exit status
}

sigset_t stop_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : kStopSignals) sigaddset(&set, sig);
    return set;
}

}  // namespace

int register_temp(int dirfd, const std::string& name) {
    Temp* t = static_cast<Temp*>(std::malloc(sizeof(Temp) + name.size()));
    if (!t) throw std::bad_alloc();
    t->dirfd = dirfd;
    std::memcpy(t->name, name.c_str(), name.size() + 1);
    for (int i = 0; i < kTemps; i++) {
        Temp* expected = nullptr;
        if (temps[i].compare_exchange_strong(expected, t)) return i;
    }
    std::free(t);
    return -1;
}

int register_temp(const std::string& path) { return register_temp(AT_FDCWD, path); }

void release_temp(int slot) {
    if (slot < 0 || slot >= kTemps) return;
    // blocked, so that this thread's own handler never reads a freed entry
    // (a handler on another thread ends the process in any case)
    StopSignalsBlocked blocked;
    std::free(temps[slot].exchange(nullptr));
}

void set_stop_hook(StopHook hook) { stop_hook = hook; }

bool install_handler(int sig, void (*handler)(int), int flags, bool only_if_default) {
    struct sigaction old;
    if (sigaction(sig, nullptr, &old) != 0) return false;
    if (only_if_default && (old.sa_flags & SA_SIGINFO || old.sa_handler != SIG_DFL)) return false;
    struct sigaction sa{};
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sa.sa_mask = stop_set();
    if (sigaction(sig, &sa, nullptr) != 0) return false;
    if (sig > 0 && sig < kMaxSignal) installed[sig] = true;
    return true;
}

void install_stop_handlers() {
    for (int sig : kStopSignals) {
        if (installed[sig]) continue;
        struct sigaction old;
        sigaction(sig, nullptr, &old);
        if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) continue;  // nohup's choice
        install_handler(sig, rb_remove_temps_and_die);
    }
}

void reset_handlers_in_child() {
    for (int sig = 1; sig < kMaxSignal; sig++)
        if (installed[sig]) signal(sig, SIG_DFL);
}

StopSignalsBlocked::StopSignalsBlocked() {
    sigset_t block = stop_set();
    pthread_sigmask(SIG_BLOCK, &block, &old_);
}

StopSignalsBlocked::~StopSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

}  // namespace rb
