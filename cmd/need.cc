// need.cc — report the programs missing from PATH.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "command.h"

namespace rb {

static bool is_executable(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

static bool on_path(const std::string& prog) {
    if (prog.find('/') != std::string::npos) return is_executable(prog);
    const char* env = getenv("PATH");
    std::string path = env ? env : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    for (;;) {
        size_t colon = path.find(':', start);
        std::string dir = path.substr(start, colon == std::string::npos ? colon : colon - start);
        if (dir.empty()) dir = ".";
        if (is_executable(dir + "/" + prog)) return true;
        if (colon == std::string::npos) return false;
        start = colon + 1;
    }
}

static int need_main(Invocation& inv) {
    std::string missing;
    for (const std::string& prog : inv.args)
        if (prog.empty() || !on_path(prog)) missing += " -- missing tool: " + prog + "\n";
    if (missing.empty()) return 0;
    write_message(inv.err, missing);
    return 1;
}

extern const Command need_command = {
    "need",
    "need PROG ...",
    "Check that every PROG can be run: found as an executable file on PATH, or\n"
    "at the given path when PROG holds a slash. For each one that cannot, print\n"
    "\" -- missing tool: PROG\" to standard error. Exit 1 if any is missing,\n"
    "else 0 and print nothing.\n",
    {},
    1,
    -1,
    need_main,
};

}  // namespace rb
