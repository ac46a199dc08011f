// signals.h — the one place that installs signal handlers, and the one
// registry of temporary files that a stopping signal removes.
#pragma once
#include <signal.h>

#include <string>

namespace rb {

// The signals that stop a command and remove its temporaries.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

// Remember name (relative to dirfd, or AT_FDCWD) for removal when a stop
// signal arrives. Returns the slot to release, or -1 when the registry is
// full (then only the removal on a signal is lost). Create the file with
// the stop signals blocked (StopSignalsBlocked), so that no signal finds a
// temporary the registry does not know about.
int register_temp(int dirfd, const std::string& name);
int register_temp(const std::string& path);
// Forget a slot (-1: nothing); the file itself is left alone.
void release_temp(int slot);

// What to do first when a stop signal arrives, before the temporaries go:
// redo stops its .do scripts. Runs in the handler: async-signal-safe only.
// One hook per process; nullptr removes it.
using StopHook = void (*)(int sig);
void set_stop_hook(StopHook hook);

// Install the stop signals' handler (idempotent): run the hook, unlink
// every registered temporary, restore the default action and raise the
// signal again, so the exit status is the signal's. A signal the process
// ignores (nohup, a shell's trap '' INT) stays ignored.
void install_stop_handlers();

// Install handler for sig (SIGCHLD, SIGBUS, ...) with flags (SA_RESTART...)
// and the stop signals blocked while it runs. With only_if_default, a
// disposition someone else chose is kept; returns whether it was installed.
bool install_handler(int sig, void (*handler)(int), int flags = 0, bool only_if_default = false);

// In a child after fork(), before exec: every handler installed here back to
// the default action. Async-signal-safe.
void reset_handlers_in_child();

// The stop signals blocked in this thread while it lives (around creating
// and registering a temporary, or a fork).
class StopSignalsBlocked {
public:
    StopSignalsBlocked();
    ~StopSignalsBlocked();
    StopSignalsBlocked(const StopSignalsBlocked&) = delete;
    StopSignalsBlocked& operator=(const StopSignalsBlocked&) = delete;
    const sigset_t& previous() const { return old_; }

private:
    sigset_t old_;
};

}  // namespace rb
