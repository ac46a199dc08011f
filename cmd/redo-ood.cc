// redo-ood.cc — the targets below here that are out of date.
#include "command.h"
#include "redo/check.h"
#include "redo/context.h"
#include "redo/paths.h"
#include "redo/query.h"

namespace rb {

static int redo_ood_main(Invocation& inv) {
    const std::string cwd = redo::current_dir();
    redo::Store store;
    redo::Checker checker(store, redo::random_token());
    std::vector<std::string> stale;
    for (const std::string& key : redo::targets_below(store, cwd))
        if (checker.check(key).state != redo::Status::Clean) stale.push_back(key);
    inv.out.write(redo::key_lines(stale, cwd));
    return 0;
}

extern const Command redo_ood_command = {
    "redo-ood",
    "redo-ood",
    "Print the targets listed by redo-targets that redo-ifchange would build\n"
    "now (out of date, or decided only by building a redo-stamp dependency),\n"
    "one a line, relative to the current directory, sorted. Builds nothing.\n",
    {},
    0,
    0,
    redo_ood_main,
};

}  // namespace rb
