// redo-whichdo.cc — which .do would build a target, and where redo looked.
#include <sys/stat.h>

#include "command.h"
#include "error.h"
#include "redo/context.h"
#include "redo/dofile.h"
#include "redo/paths.h"

namespace rb {

static int redo_whichdo_main(Invocation& inv) {
    redo::Context ctx;
    ctx.cwd = redo::current_dir();
    std::string target = redo::join_path("/", ctx.key_of(inv.args[0]));
    for (const redo::DoCandidate& c : redo::do_candidates(target)) {
        inv.out.write(redo::relative_path(c.path(), ctx.cwd) + "\n");
        struct stat st;
        if (stat(c.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) return 0;
    }
    throw Error(inv.args[0], "no .do file to make it");
}

extern const Command redo_whichdo_command = {
    "redo-whichdo",
    "redo-whichdo TARGET",
    "Print the .do files redo looks for to build TARGET, one a line, relative\n"
    "to the current directory and most specific first, ending with the one it\n"
    "would run. Exit 1 when there is none.\n",
    {},
    1,
    1,
    redo_whichdo_main,
};

}  // namespace rb
