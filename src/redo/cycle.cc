// redo/cycle.cc — edges as files, and the search for a cycle.
#include "redo/cycle.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>

#include "error.h"
#include "input.h"
#include "redo/paths.h"

namespace rb::redo {

WaitGraph::WaitGraph(std::string dir) : dir_(std::move(dir)) {}

std::string WaitGraph::add(const std::string& from, const std::string& to) {
    static unsigned counter = 0;
    std::string node = dir_ + "/" + state_name(from);
    if (mkdir(node.c_str(), 0777) != 0 && errno != EEXIST) throw_errno(node);
    // one entry per waiter: two waiters for the same edge each remove their own
    std::string entry = std::to_string(getpid()) + "." + std::to_string(counter++);
    std::string path = node + "/" + entry;
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) throw_errno(path);
    ssize_t n = write(fd, to.data(), to.size());
    int err = errno;
    close(fd);
    if (n != ssize_t(to.size())) throw_errno(path, n < 0 ? err : EIO);
    return entry;
}

void WaitGraph::remove(const std::string& from, const std::string& handle) {
    std::string node = dir_ + "/" + state_name(from);
    unlink((node + "/" + handle).c_str());
    rmdir(node.c_str());  // fails while others still need from: fine
}

std::vector<std::string> WaitGraph::needs_of(const std::string& key) const {
    std::vector<std::string> out;
    std::string node = dir_ + "/" + state_name(key);
    DIR* d = opendir(node.c_str());
    if (!d) return out;
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        std::string need;
        try {
            if (read_file_if_exists(AT_FDCWD, node + "/" + e->d_name, need) && !need.empty())
                out.push_back(std::move(need));
        } catch (const Error&) {
        }  // unreadable: as if removed meanwhile, the graph is a hint

    }
    closedir(d);
    return out;
}

std::vector<std::string> WaitGraph::path_back(const std::string& from,
                                              const std::string& to) const {
    // depth-first from `to`, remembering the way, until `from` turns up
    std::set<std::string> seen;
    std::vector<std::string> path;
    std::vector<std::vector<std::string>> pending;
    path.push_back(to);
    seen.insert(to);
    if (to == from) return path;
    pending.push_back(needs_of(to));
    while (!pending.empty()) {
        if (pending.back().empty()) {
            pending.pop_back();
            path.pop_back();
            continue;
        }
        std::string next = pending.back().back();
        pending.back().pop_back();
        if (next == from) {
            path.push_back(next);
            return path;
        }
        if (!seen.insert(next).second) continue;
        path.push_back(next);
        pending.push_back(needs_of(next));
    }
    return {};
}

}  // namespace rb::redo
