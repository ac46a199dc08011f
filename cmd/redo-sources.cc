// redo-sources.cc — every source the targets below here depend on.
#include "command.h"
#include "redo/context.h"
#include "redo/query.h"

namespace rb {

static int redo_sources_main(Invocation& inv) {
    const std::string cwd = redo::current_dir();
    const redo::Store store;
    inv.out.write(redo::key_lines(redo::sources_of(store, redo::targets_below(store, cwd)), cwd));
    return 0;
}

extern const Command redo_sources_command = {
    "redo-sources",
    "redo-sources",
    "Print every source (a file redo did not build, .do files included) that\n"
    "the targets listed by redo-targets depended on in their last build, one\n"
    "a line, relative to the current directory, sorted.\n",
    {},
    0,
    0,
    redo_sources_main,
};

}  // namespace rb
