// redo-stamp.cc — decide by a stamp whether the current target changed.
#include "command.h"
#include "redo/redo_command.h"
#include "sha256.h"

namespace rb {

static int redo_stamp_main(Invocation& inv) {
    redo::Context ctx = redo::dofile_context();
    std::string stamp = to_hex(sha256_fd(inv.in, "standard input"));
    redo::append_deps(ctx, "S " + stamp + "\n");
    return 0;
}

extern const Command redo_stamp_command = {
    "redo-stamp",
    "redo-stamp",
    "Run by a .do: read standard input as the stamp of the target being built.\n"
    "When the stamp equals the one of its last build, the target counts as\n"
    "unchanged, and targets that depend on it are not rebuilt because of it.\n"
    "With redo-always, a target can be checked on every build and still\n"
    "rebuild its dependents only when something real changed.\n",
    {},
    0,
    0,
    redo_stamp_main,
};

}  // namespace rb
