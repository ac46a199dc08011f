// redo-ifchange.cc — build targets that are out of date; record them as
// dependencies of the target being built.
#include "command.h"
#include "redo/redo_command.h"

namespace rb {

static int redo_ifchange_main(Invocation& inv) { return redo::run_build(inv, false, nullptr); }

static const std::string redo_ifchange_help = std::string(
    "Bring each TARGET up to date: build it (as redo does) when it has no\n"
    "record yet or when anything it depended on last time changed; a file that\n"
    "exists and redo never built is a source, and a source changes when its\n"
    "content does (a touch alone does not count). Run by a .do, record each\n"
    "TARGET as a dependency of the target being built. Several TARGETs are\n"
    "built in parallel under -j. Exit with the status of the first failed .do.\n\n") +
    redo::kBuildOptionHelp;

extern const Command redo_ifchange_command = {
    "redo-ifchange",
    "redo-ifchange [-j N] [-kvx] [--shuffle] [TARGET ...]",
    redo_ifchange_help.c_str(),
    redo::kBuildOptions,
    0,
    -1,
    redo_ifchange_main,
};

}  // namespace rb
