// command.cc — the table of commands and the one place that runs them:
// option parsing, --help/--version, argument counts, and error reporting.
#include "command.h"

#include <cerrno>
#include <cstring>

#include "error.h"

namespace rb {

const char* const kVersion = "0.1.0";

#define COMMAND(id) extern const Command id##_command;
#include "commands.def"
#undef COMMAND

const std::vector<const Command*>& all_commands() {
    static const std::vector<const Command*> table = {
#define COMMAND(id) &id##_command,
#include "commands.def"
#undef COMMAND
    };
    return table;
}

const Command* find_command(const std::string& name) {
    for (const Command* c : all_commands())
        if (name == c->name) return c;
    return nullptr;
}

std::string usage_text(const Command& cmd) {
    std::string text = "usage: ";
    for (const char* p = cmd.synopsis; *p; p++) {
        text += *p;
        if (*p == '\n' && p[1]) text += "       ";
    }
    if (text.back() != '\n') text += '\n';
    return text;
}

int run_command(const Command& cmd, const std::vector<std::string>& argv, int in, Writer& out,
                int err) {
    const std::string name = cmd.name;
    int status;
    try {
        Options opts;
        std::vector<std::string> args;
        try {
            opts = parse_options(cmd.options, argv, args);
            if (opts.has("help")) {
                out.write(usage_text(cmd));
                out.write("\n");
                out.write(cmd.help);
                out.flush();
                return 0;
            }
            if (opts.has("version")) {
                out.write(name + " (redobox) " + kVersion + "\n");
                out.flush();
                return 0;
            }
            if (int(args.size()) < cmd.min_args) throw UsageError("missing operand");
            if (cmd.max_args >= 0 && int(args.size()) > cmd.max_args)
                throw UsageError("extra operand: " + args[size_t(cmd.max_args)]);
        } catch (const UsageError& e) {
            write_message(err, name + ": " + e.what() + "\n" + usage_text(cmd));
            return 2;
        }
        Invocation inv{cmd, std::move(opts), std::move(args), in, out, err};
        status = cmd.main(inv);
        out.flush();
    } catch (const UsageError& e) {
        // raised by a command's own checks of its options' values
        write_message(err, name + ": " + e.what() + "\n" + usage_text(cmd));
        return 2;
    } catch (const Error& e) {
        // what was produced before the failure still goes out, as with cat
        try {
            out.flush();
        } catch (const Error&) {
        }
        write_message(err, name + ": " + e.what() + "\n");
        return 1;
    } catch (const std::bad_alloc&) {
        write_message(err, name + ": " + std::strerror(ENOMEM) + "\n");
        return 1;
    }
    return status;
}

}  // namespace rb
