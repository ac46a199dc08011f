// redo/context.cc — the environment that ties the processes of a build.
#include "redo/context.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "error.h"
#include "redo_env.h"
#include "redo/paths.h"
#include "redo/record.h"
#include "redo/store.h"

extern char** environ;

namespace rb::redo {

// The variables a builder sets for its .do; all begin with this prefix.
static const char* const kPrefix = kRedoEnvPrefix;

static std::string env(const char* name) {
    const char* v = getenv((std::string(kPrefix) + name).c_str());
    return v ? v : "";
}

std::string current_dir() {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof buf)) throw_errno(".");
    return buf;
}

Context Context::from_environment(const Flags& flags, unsigned jobs) {
    Context c;
    c.cwd = current_dir();
    c.run = env("RUN");
    c.run_path = env("RUNDIR");
    struct stat st;
    // A build that has ended leaves nothing to join (a shell started from a
    // .do may outlive it): then this is a new build.
    if (!c.run.empty() && !c.run_path.empty() && stat(c.run_path.c_str(), &st) == 0) {
        c.top_level = false;
        c.start = env("START");
        c.parent = env("PARENT");
        c.deps_log = env("DEPS");
        c.jobs_fifo = env("JOBS");
        c.depth = atoi(env("DEPTH").c_str());
        std::string f = env("FLAGS");
        c.flags.trace = f.find('x') != std::string::npos;
        c.flags.verbose = f.find('v') != std::string::npos;
        c.flags.keep_going = f.find('k') != std::string::npos;
        c.flags.shuffle = f.find('s') != std::string::npos;
        if (c.start.empty()) c.start = c.cwd;
        return c;
    }
    c.run = random_token().substr(0, 16);
    c.run_path = runs_root(run_base()) + "/" + c.run;
    c.start = c.cwd;
    c.flags = flags;
    c.jobs = jobs;
    return c;
}

bool Context::inside_build() { return inside_redo_build(); }

std::string Context::key_of(const std::string& arg) const {
    if (arg.empty()) throw Error("''", "not a file name");
    if (arg.find('\n') != std::string::npos) throw Error(arg, "a name holding a newline cannot be a target");
    std::string raw = arg[0] == '/' ? arg : cwd + "/" + arg;
    while (raw.size() > 1 && raw.back() == '/') raw.pop_back();
    std::string base = base_name(raw), dir = dir_name(raw);
    if (base == "." || base == ".." || raw == "/" || arg.back() == '/')
        throw Error(arg, "a directory cannot be a target");
    // the directory as the kernel walks it, once per directory named
    static thread_local std::unordered_map<std::string, std::string> resolved;
    auto known = resolved.find(dir);
    if (known == resolved.end()) {
        char buf[PATH_MAX];
        std::string physical = realpath(dir.c_str(), buf) ? buf : normalize_path(dir);
        known = resolved.emplace(dir, physical).first;
    }
    std::string key = relative_path(join_path(known->second, base), top);
    if (key == "." || key == ".." || base_name(key) == "..")
        throw Error(arg, "a directory cannot be a target");
    return key;
}

std::string Context::display(const std::string& key) const {
    return relative_path(join_path(top, key), start);
}

std::vector<std::string> Context::child_env(const std::string& key, const std::string& log) const {
    std::vector<std::string> out;
    size_t plen = sizeof kRedoEnvPrefix - 1;
    for (char** e = environ; *e; e++)
        if (strncmp(*e, kPrefix, plen) != 0) out.emplace_back(*e);
    std::string p = kPrefix;
    std::string f = std::string(flags.trace ? "x" : "") + (flags.verbose ? "v" : "") +
                    (flags.keep_going ? "k" : "") + (flags.shuffle ? "s" : "");
    out.push_back(p + "RUN=" + run);
    out.push_back(p + "RUNDIR=" + run_path);
    out.push_back(p + "START=" + start);
    out.push_back(p + "PARENT=" + key);
    out.push_back(p + "DEPS=" + log);
    out.push_back(p + "DEPTH=" + std::to_string(depth + 1));
    out.push_back(p + "FLAGS=" + f);
    if (!jobs_fifo.empty()) out.push_back(p + "JOBS=" + jobs_fifo);
    return out;
}

const char kLogTag[] = "\x1f";

std::string_view strip_log_tags(std::string_view line) {
    while (line.size() > 1 && line[0] == '\x1f' && line[1] != '\x1f') {
        size_t end = line.find('\x1f', 1);
        if (end == std::string_view::npos) break;
        line.remove_prefix(end + 1);
    }
    return line;
}

bool is_log_mark(std::string_view line) {
    return line.size() > 1 && line[0] == '\x1f' && line[1] == '\x1f';
}

std::string clean_mark(const Context& ctx, const std::string& key) {
    if (ctx.top_level) return "";
    return "\x1f\x1f" "clean " + key + "\n";
}

void append_deps(const Context& ctx, const std::string& lines) {
    if (ctx.deps_log.empty() || lines.empty()) return;
    int fd = open(ctx.deps_log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) throw_errno(ctx.deps_log);
    ssize_t n = write(fd, lines.data(), lines.size());
    int err = errno;
    close(fd);
    if (n != ssize_t(lines.size())) throw_errno(ctx.deps_log, n < 0 ? err : EIO);
}

}  // namespace rb::redo
