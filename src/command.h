// command.h — what every command declares, and what it receives when run.
#pragma once
#include <string>
#include <vector>

#include "options.h"
#include "output.h"

namespace rb {

struct Command;

// One run of a command: its parsed arguments and its streams. Commands use
// these instead of the process's own, so tests can run them in-process.
struct Invocation {
    const Command& command;
    Options opts;
    std::vector<std::string> args;
    int in;       // standard input
    Writer& out;  // standard output, flushed and checked by the dispatcher
    int err;      // standard error: warnings and progress only; failures are thrown
};

struct Command {
    const char* name;
    const char* synopsis;  // one line per form, without "usage: "
    const char* help;      // description and option list, shown by --help
    std::vector<Option> options;
    int min_args, max_args;  // operand counts; max_args < 0: no limit
    int (*main)(Invocation&);
};

// Every command, in table order.
const std::vector<const Command*>& all_commands();
const Command* find_command(const std::string& name);

// Parse argv (after the name), run, and report failures on err as
// "NAME: subject: reason". Returns the exit status.
int run_command(const Command& cmd, const std::vector<std::string>& argv, int in, Writer& out,
                int err);

// "usage: NAME ..." with continuation lines aligned, ending in a newline.
std::string usage_text(const Command& cmd);

extern const char* const kVersion;

}  // namespace rb
