// redo.cc — build targets, whether or not they are up to date.
#include "command.h"
#include "redo/redo_command.h"

namespace rb {

static int redo_main(Invocation& inv) { return redo::run_build(inv, true, "all"); }

static const std::string redo_help = std::string(
    "Build each TARGET (default: all) by running its .do script, even when it is\n"
    "up to date or was built earlier in this build. The .do is TARGET.do, else\n"
    "default.EXT.do for each extension of TARGET from the longest down to\n"
    "default.do, in TARGET's directory and then in each parent. It runs in its\n"
    "own directory as: its #! interpreter, else itself when executable, else\n"
    "sh -e; with $1 the target relative to there, $2 the same without the\n"
    "extension that default.EXT.do matched, $3 a temporary file to write. On\n"
    "success $3 replaces the target, else stdout when not empty, else the\n"
    "target is removed; on failure the old target stays. Progress lines\n"
    "(\"redo  TARGET\", indented by depth) go to stderr. A target's record is\n"
    "kept in .redo/ of the target's own directory.\n\n") +
    redo::kBuildOptionHelp;

extern const Command redo_command = {
    "redo",
    "redo [-j N] [-kvx] [--shuffle] [TARGET ...]",
    redo_help.c_str(),
    redo::kBuildOptions,
    0,
    -1,
    redo_main,
};

}  // namespace rb
