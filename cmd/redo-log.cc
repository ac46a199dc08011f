// redo-log.cc — the stderr of a target's last build, kept in .redo/log/.
#include <fcntl.h>
#include <unistd.h>

#include <string_view>

#include "command.h"
#include "error.h"
#include "input.h"
#include "redo/context.h"
#include "redo/paths.h"
#include "redo/store.h"

namespace rb {

namespace {
struct LogPrinter {
    Invocation& inv;
    redo::Store store;
    std::string cwd;
    bool recursive, unchanged;

    std::string read_log(const std::string& key) {
        std::string path = store.find_log(key), text;
        if (!path.empty()) read_file_if_exists(AT_FDCWD, path, text);  // none: a quiet build
        return text;
    }

    // One line of a log: the .do's own, a nested build's (tagged), or a
    // mark of a target found up to date.
    void line(std::string_view text) {
        if (text.size() > 0 && text[0] == '\x1f' && !redo::is_log_mark(text)) {
            if (!recursive) return;
            text = redo::strip_log_tags(text);
        }
        if (redo::is_log_mark(text)) {
            if (unchanged && text.substr(2, 6) == "clean ")
                inv.out.write(redo::relative_path("/" + std::string(text.substr(8)), cwd) +
                              ": up to date\n");
            return;
        }
        inv.out.write(std::string(text) + "\n");
    }

    void print(const std::string& key) {
        std::string text = read_log(key);
        size_t at = 0;
        while (at < text.size()) {
            size_t nl = text.find('\n', at);
            if (nl == std::string::npos) nl = text.size();
            line(text.substr(at, nl - at));
            at = nl + 1;
        }
    }
};
}  // namespace

static int redo_log_main(Invocation& inv) {
    LogPrinter p{inv, redo::Store(), redo::current_dir(), inv.opts.has("recursive"),
                 inv.opts.has("unchanged")};
    redo::Context ctx;
    ctx.cwd = p.cwd;
    std::string key = ctx.key_of(inv.args[0]);
    std::string log = p.store.find_log(key);
    if (log.empty() || access(log.c_str(), F_OK) != 0) {
        // a build that wrote nothing keeps no file
        if (p.store.load(key).kind == redo::Record::Target) return 0;
        throw Error(inv.args[0], "no build log kept for it");
    }
    p.print(key);
    return 0;
}

extern const Command redo_log_command = {
    "redo-log",
    "redo-log [-r] [-u] TARGET",
    "Print what TARGET's last build wrote to stderr (its .do and everything\n"
    "that ran under it), as kept in .redo/log/ beside TARGET.\n\n"
    "  -r, --recursive  also what each target it built (and so on down)\n"
    "                   wrote, in the order it happened\n"
    "  -u, --unchanged  also a line \"NAME: up to date\" for each target it\n"
    "                   depended on that needed no build\n",
    {{'r', "recursive", nullptr}, {'u', "unchanged", nullptr}},
    1,
    1,
    redo_log_main,
};

}  // namespace rb
