// redo-ifcreate.cc — rebuild the current target when a file appears.
#include <sys/stat.h>

#include <cerrno>

#include "command.h"
#include "error.h"
#include "redo/redo_command.h"
#include "redo/record.h"

namespace rb {

static int redo_ifcreate_main(Invocation& inv) {
    redo::Context ctx = redo::dofile_context();
    std::string lines;
    for (const std::string& arg : inv.args) {
        std::string key = ctx.key_of(arg);
        struct stat st;
        if (lstat(arg.c_str(), &st) == 0) throw_errno(arg, EEXIST);
        lines += redo::format_dep(redo::Dep{redo::Dep::IfCreate, key, "", ""});
    }
    redo::append_deps(ctx, lines);
    return 0;
}

extern const Command redo_ifcreate_command = {
    "redo-ifcreate",
    "redo-ifcreate FILE ...",
    "Run by a .do: record that the target being built must be rebuilt when\n"
    "any FILE comes to exist. It is an error for a FILE to exist already.\n",
    {},
    1,
    -1,
    redo_ifcreate_main,
};

}  // namespace rb
