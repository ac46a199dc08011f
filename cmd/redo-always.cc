// redo-always.cc — mark the current target as always out of date.
#include "command.h"
#include "redo/redo_command.h"

namespace rb {

static int redo_always_main(Invocation&) {
    redo::Context ctx = redo::dofile_context();
    redo::append_deps(ctx, "a\n");
    return 0;
}

extern const Command redo_always_command = {
    "redo-always",
    "redo-always",
    "Run by a .do: mark the target being built as always out of date, so each\n"
    "build that asks for it rebuilds it, once per build. Its dependents are\n"
    "rebuilt too unless it also uses redo-stamp.\n",
    {},
    0,
    0,
    redo_always_main,
};

}  // namespace rb
