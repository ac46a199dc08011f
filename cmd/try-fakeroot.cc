// try-fakeroot.cc — run a command under fakeroot when fakeroot works.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

static int try_fakeroot_main(Invocation& inv) {
    const std::string& state = inv.args[0];
    std::vector<std::string> argv;
    if (fakeroot_works()) {
        argv.push_back("fakeroot");
        struct stat st;
        if (stat(state.c_str(), &st) == 0) {
            argv.push_back("-i");
            argv.push_back(state);
        }
        argv.push_back("--");
    }
    argv.insert(argv.end(), inv.args.begin() + 1, inv.args.end());
    std::vector<char*> cargv;
    for (std::string& a : argv) cargv.push_back(&a[0]);
    cargv.push_back(nullptr);
    inv.out.flush();
    execvp(cargv[0], cargv.data());
    int err = errno;
    write_message(inv.err, std::string("try-fakeroot: ") + cargv[0] + ": " + std::strerror(err) + "\n");
    return err == ENOENT ? 127 : 126;
}

extern const Command try_fakeroot_command = {
    "try-fakeroot",
    "try-fakeroot STATE CMD [ARG ...]",
    "Run CMD with its ARGs under fakeroot -i STATE when fakeroot works and\n"
    "STATE exists, under plain fakeroot when fakeroot works and STATE does not\n"
    "exist, and directly when fakeroot is missing or does not work. The exit\n"
    "status is CMD's; 127 when CMD is not found, 126 when it cannot be run.\n",
    {},
    2,
    -1,
    try_fakeroot_main,
};

}  // namespace rb
