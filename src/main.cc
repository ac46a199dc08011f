// main.cc — the multi-call entry point: dispatch on the name we were called
// by (a symlink) or on the first argument of "redobox NAME".
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "command.h"
#include "error.h"
#include "output.h"
#include "signals.h"

using namespace rb;

static const char kUsage[] =
    "usage: redobox NAME [ARG ...]\n"
    "       redobox --list\n"
    "       redobox --install DIR\n";

static std::string self_path() {
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n < 0) throw_errno("/proc/self/exe");
    return std::string(buf, size_t(n));
}

// Make DIR/NAME -> this binary for every command, replacing old links.
static void install_links(const std::string& dir) {
    std::string target = self_path();
    for (const Command* c : all_commands()) {
        std::string link = dir + "/" + c->name;
        std::string temp = link + ".new";
        unlink(temp.c_str());
        if (symlink(target.c_str(), temp.c_str()) != 0) throw_errno(link);
        if (rename(temp.c_str(), link.c_str()) != 0) {
            int err = errno;
            unlink(temp.c_str());
            throw_errno(link, err);
        }
    }
}

static int redobox_main(const std::vector<std::string>& args, Writer& out) {
    try {
        if (args.empty()) {
            write_message(2, std::string("redobox: missing command\n") + kUsage);
            return 2;
        }
        const std::string& a = args[0];
        if (a == "--help") {
            out.write(std::string(kUsage) +
                      "\nA multi-call binary of small commands for building containers with\n"
                      "redo. Commands (each has --help and a man page):\n\n");
            for (const Command* c : all_commands()) out.write(std::string("  ") + c->name + "\n");
        } else if (a == "--version") {
            out.write(std::string("redobox ") + kVersion + "\n");
        } else if (a == "--list") {
            for (const Command* c : all_commands()) out.write(std::string(c->name) + "\n");
        } else if (a == "--install") {
            if (args.size() != 2) {
                write_message(2, std::string("redobox: --install needs one directory\n") + kUsage);
                return 2;
            }
            install_links(args[1]);
        } else {
            write_message(2, "redobox: unknown option: " + a + "\n" + kUsage);
            return 2;
        }
        out.flush();
        return 0;
    } catch (const Error& e) {
        write_message(2, std::string("redobox: ") + e.what() + "\n");
        return 1;
    }
}

int main(int argc, char** argv) {
    install_stop_handlers();
    std::string called = argc > 0 ? argv[0] : "redobox";
    size_t slash = called.rfind('/');
    if (slash != std::string::npos) called = called.substr(slash + 1);
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);

    if (called == "redobox" || !find_command(called)) {
        if (called != "redobox") {
            write_message(2, "redobox: unknown command: " + called + "\n");
            return 127;
        }
        if (args.empty() || args[0].compare(0, 2, "--") == 0) {
            Writer out(1, "standard output");
            return redobox_main(args, out);
        }
        called = args[0];
        args.erase(args.begin());
    }
    const Command* cmd = find_command(called);
    if (!cmd) {
        write_message(2, "redobox: unknown command: " + called + "\n");
        return 127;
    }
    Writer out(1, "standard output");
    int status = run_command(*cmd, args, 0, out, 2);
    // a full disk or closed pipe noticed only at close still fails the command
    if (close(1) != 0 && errno != EBADF && status == 0) {
        write_message(2, std::string(cmd->name) + ": standard output: " + std::strerror(errno) + "\n");
        return 1;
    }
    return status;
}
