// redo-targets.cc — every target redo has built below here.
#include "command.h"
#include "redo/context.h"
#include "redo/query.h"

namespace rb {

static int redo_targets_main(Invocation& inv) {
    const std::string cwd = redo::current_dir();
    inv.out.write(redo::key_lines(redo::targets_below(redo::Store(), cwd), cwd));
    return 0;
}

extern const Command redo_targets_command = {
    "redo-targets",
    "redo-targets",
    "Print every target that redo has built whose record lies in or below the\n"
    "current directory (each target's record is in .redo/ beside it), one a\n"
    "line, relative to the current directory, sorted.\n",
    {},
    0,
    0,
    redo_targets_main,
};

}  // namespace rb
