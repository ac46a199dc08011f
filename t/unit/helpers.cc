// helpers.cc — scratch directories and in-process command runs.
#include "helpers.h"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "command.h"

namespace rbtest {

ScratchDir::ScratchDir() {
    const char* tmp = getenv("TMPDIR");
    std::string templ = std::string(tmp ? tmp : "/tmp") + "/redobox-unit.XXXXXX";
    if (!mkdtemp(&templ[0])) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
}

ScratchDir::~ScratchDir() {
    std::string cmd = "rm -rf '" + path_ + "'";
    if (system(cmd.c_str()) != 0) {
    }
}

std::optional<rb::Error> error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const rb::Error& e) {
        return e;
    }
    return std::nullopt;
}

void write_file(const std::string& path, const std::string& data) {
    std::ofstream f(path, std::ios::binary);
    f << data;
    if (!f) throw std::runtime_error("cannot write " + path);
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

int temp_fd(const std::string& content) {
    char name[] = "/tmp/redobox-unit-io.XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    unlink(name);
    if (!content.empty() && write(fd, content.data(), content.size()) != ssize_t(content.size()))
        throw std::runtime_error("write failed");
    lseek(fd, 0, SEEK_SET);
    return fd;
}

std::string read_back(int fd) {
    std::string s;
    char buf[65536];
    lseek(fd, 0, SEEK_SET);
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
    return s;
}

RunResult run(const std::string& name, const std::vector<std::string>& args,
              const std::string& input) {
    const rb::Command* cmd = rb::find_command(name);
    if (!cmd) throw std::runtime_error("no command " + name);
    int in = temp_fd(input), out = temp_fd(""), err = temp_fd("");
    RunResult r;
    {
        rb::Writer w(out, "standard output");
        r.status = rb::run_command(*cmd, args, in, w, err);
    }
    r.out = read_back(out);
    r.err = read_back(err);
    close(in);
    close(out);
    close(err);
    return r;
}

std::vector<ArchiveEntry> read_archive(const std::string& bytes) {
    struct archive* a = archive_read_new();
    archive_read_support_format_all(a);
    REQUIRE(archive_read_open_memory(a, bytes.data(), bytes.size()) == ARCHIVE_OK);
    std::vector<ArchiveEntry> out;
    struct archive_entry* e;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        ArchiveEntry r;
        r.name = archive_entry_pathname(e);
        r.hardlink = archive_entry_hardlink(e) ? archive_entry_hardlink(e) : "";
        r.symlink = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
        r.mode = archive_entry_mode(e);
        r.uid = archive_entry_uid(e);
        r.gid = archive_entry_gid(e);
        r.mtime = archive_entry_mtime(e);
        r.ino = archive_entry_ino64(e);
        r.nlink = archive_entry_nlink(e);
        r.has_atime = archive_entry_atime_is_set(e);
        r.has_ctime = archive_entry_ctime_is_set(e);
        r.has_uname = archive_entry_uname(e) && *archive_entry_uname(e);
        const char* n;
        const void* v;
        size_t s;
        archive_entry_xattr_reset(e);
        while (archive_entry_xattr_next(e, &n, &v, &s) == ARCHIVE_OK)
            r.xattrs.push_back(std::string(n) + "=" + std::string(static_cast<const char*>(v), s));
        char buf[4096];
        la_ssize_t got;
        while ((got = archive_read_data(a, buf, sizeof buf)) > 0) r.data.append(buf, size_t(got));
        out.push_back(r);
    }
    archive_read_free(a);
    return out;
}

}  // namespace rbtest
