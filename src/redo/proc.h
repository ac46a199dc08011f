// redo/proc.h — the processes a build runs: spawning .do scripts, noticing
// when they end, and on SIGINT/SIGTERM/SIGHUP passing the signal on to them
// and removing every half-written output before dying of the same signal.
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace rb::redo {

// Install the handlers (once per process). own_groups: each .do runs in a
// process group of its own, and a signal is passed on to the whole group;
// used by a top-level build that is not in a terminal's foreground, where
// nobody else would signal the .do scripts and what they started.
// subreaper (the top-level build): become the child subreaper of every
// descendant, and on a signal stop each one, in whatever group or session.
void install_build_signals(bool own_groups, bool subreaper);

// Readable after a child may have ended (SIGCHLD); drain before waiting.
int child_event_fd();
void drain_child_events();

// Start argv in dir with stdout on out_fd and the given environment. The
// child is remembered for signal forwarding until forget_child().
// err_fd (when not -1) becomes its stderr.
pid_t spawn_child(const std::vector<std::string>& argv, const std::string& dir, int out_fd,
                  int err_fd, const std::vector<std::string>& env);
void forget_child(pid_t pid);

// Whether this process runs in the foreground of a terminal.
bool in_terminal_foreground();

}  // namespace rb::redo
