// signals_test.cc — signals.cc: the stop handler removes registered
// temporaries and dies of the signal; ignored signals stay ignored.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "output.h"
#include "signals.h"

using namespace rb;
using rbtest::ScratchDir;

namespace {

// Run body in a forked child (no Catch2 there) and return its wait status.
template <class F>
int in_child(F body) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        body();
        _exit(0);
    }
    int ws = 0;
    REQUIRE(waitpid(pid, &ws, 0) == pid);
    return ws;
}

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

int hooked = 0;
void mark_hook(int sig) {
    int fd = open("hook-ran", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
    hooked = sig;
}

}  // namespace

TEST_CASE("stop signals remove the registered temporaries and end the process with the signal") {
    for (int sig : kStopSignals) {
        ScratchDir d;
        rbtest::write_file(d / "a", "a");
        rbtest::write_file(d / "b", "b");
        rbtest::write_file(d / "kept", "k");
        rbtest::write_file(d / "released", "r");
        int ws = in_child([&] {
            install_stop_handlers();
            register_temp(d / "a");
            int dir = open(d.path().c_str(), O_RDONLY | O_DIRECTORY);
            register_temp(dir, "b");
            release_temp(register_temp(d / "released"));
            raise(sig);
            _exit(3);  // not reached
        });
        INFO("signal " << sig);
        CHECK(WIFSIGNALED(ws));
        CHECK(WTERMSIG(ws) == sig);
        CHECK_FALSE(exists(d / "a"));
        CHECK_FALSE(exists(d / "b"));
        CHECK(exists(d / "kept"));
        CHECK(exists(d / "released"));
    }
}

TEST_CASE("the stop hook runs first; an ignored stop signal stays ignored") {
    ScratchDir d;
    int ws = in_child([&] {
        if (chdir(d.path().c_str()) != 0) _exit(4);
        set_stop_hook(mark_hook);
        install_stop_handlers();
        raise(SIGTERM);
        _exit(3);
    });
    CHECK(WIFSIGNALED(ws));
    CHECK(WTERMSIG(ws) == SIGTERM);
    CHECK(exists(d / "hook-ran"));

    ws = in_child([&] {
        signal(SIGHUP, SIG_IGN);  // as nohup leaves it
        install_stop_handlers();
        register_temp(d / "hook-ran");
        raise(SIGHUP);
        _exit(7);
    });
    CHECK(WIFEXITED(ws));
    CHECK(WEXITSTATUS(ws) == 7);
    CHECK(exists(d / "hook-ran"));
}

TEST_CASE("an AtomicFile interrupted before commit leaves nothing behind") {
    ScratchDir d;
    int ws = in_child([&] {
        install_stop_handlers();
        AtomicFile f(d / "out");
        f.writer().write("half");
        f.writer().flush();
        raise(SIGINT);
        _exit(3);
    });
    CHECK(WIFSIGNALED(ws));
    CHECK(WTERMSIG(ws) == SIGINT);
    CHECK(system(("test -z \"$(ls -A " + d.path() + ")\"").c_str()) == 0);
}

TEST_CASE("install_handler keeps another's disposition when asked; children get the defaults") {
    int ws = in_child([] {
        signal(SIGUSR1, SIG_IGN);
        if (install_handler(SIGUSR1, mark_hook, 0, true)) _exit(5);
        if (!install_handler(SIGUSR2, mark_hook)) _exit(6);
        reset_handlers_in_child();
        raise(SIGUSR2);  // the default action again: the process ends
        _exit(3);
    });
    CHECK(WIFSIGNALED(ws));
    CHECK(WTERMSIG(ws) == SIGUSR2);
}
