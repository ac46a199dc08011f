// helpers.h — scratch directories and in-process command runs for unit tests.
#pragma once
#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "error.h"

namespace rbtest {

// The rb::Error that fn throws, or nothing when it returns.
std::optional<rb::Error> error_of(const std::function<void()>& fn);

// A fresh directory under $TMPDIR, removed with everything in it at scope end.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

void write_file(const std::string& path, const std::string& data);
std::string slurp(const std::string& path);

// An unlinked temporary file holding content, its offset at the start.
int temp_fd(const std::string& content);
// All of fd, read from its start.
std::string read_back(int fd);

struct RunResult {
    int status;
    std::string out, err;
};

// Run a command in-process with input as its standard input.
RunResult run(const std::string& name, const std::vector<std::string>& args,
              const std::string& input = "");

// One entry of an archive as libarchive's reader sees it.
struct ArchiveEntry {
    std::string name, hardlink, symlink, data;
    mode_t mode;
    long long uid, gid, mtime, ino, nlink;
    bool has_atime, has_ctime, has_uname;
    std::vector<std::string> xattrs;  // "NAME=VALUE"
};

// Every entry of an archive in any format libarchive reads (a Catch2
// failure when it cannot open it).
std::vector<ArchiveEntry> read_archive(const std::string& bytes);

}  // namespace rbtest
