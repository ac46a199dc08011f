// redo/context.h — where a redo process stands: a new top-level build, or
// one started by a .do of a running build (learnt from the environment the
// builder passes down: paths only, no inherited descriptors).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace rb::redo {

struct Flags {
    bool trace = false;       // -x: sh -x for the .do scripts
    bool verbose = false;     // -v: sh -v
    bool keep_going = false;  // -k: go on building what does not depend on a failure
    bool shuffle = false;     // --shuffle: each call's targets in a random order
};

struct Context {
    // The running build this process belongs to, or a new one (a fresh
    // run id, its run directory under runs_root()). flags and
    // jobs apply to a new build; a nested one inherits its builder's.
    static Context from_environment(const Flags& flags, unsigned jobs);
    // Whether a .do of a running build started this process.
    static bool inside_build();

    bool top_level = true;
    std::string cwd;      // absolute
    std::string top = "/";  // keys are paths from here
    std::string run;      // id of the top-level build
    std::string run_path; // its run directory (made when it first builds)
    std::string start;    // where the top-level build started: paths are shown from here
    std::string parent;   // key of the target whose .do runs us; "" at top level
    std::string deps_log; // where our dependencies for parent go
    std::string jobs_fifo;
    int depth = 0;
    unsigned jobs = 1;
    bool own_jobs = false;  // a nested call with a -j of its own
    Flags flags;

    // The key (path from top) of a path named relative to cwd, its
    // directory resolved as the kernel resolves it (".." after a symlink
    // is the physical parent); throws Error for names redo cannot handle
    // (".", a newline).
    std::string key_of(const std::string& arg) const;
    // A key as the user sees it: relative to where the build started.
    std::string display(const std::string& key) const;
    // The environment for the .do of key, logging to deps_log.
    std::vector<std::string> child_env(const std::string& key, const std::string& log) const;
};

// The stderr of each build is kept as its log. A line of a nested build
// carries the tag "\x1fTARGET\x1f" in its parent's log (tags nest); a line
// "\x1f\x1fclean KEY" marks a target found up to date (redo-log -u). Only
// the top-level build shows lines, untagged and without marks.
extern const char kLogTag[];  // "\x1f"
std::string_view strip_log_tags(std::string_view line);
bool is_log_mark(std::string_view line);
// The line that marks, on the stderr of a nested build, that key was up
// to date ("" at top level).
std::string clean_mark(const Context& ctx, const std::string& key);

// The current directory, as getcwd(3) gives it (physical).
std::string current_dir();

// Append lines to the dependency log of the target being built (one
// write, so parallel writers never interleave); nothing at top level.
void append_deps(const Context& ctx, const std::string& lines);

}  // namespace rb::redo
