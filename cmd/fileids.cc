// fileids.cc — names on stdin to .list lines: mode, owner and content digest.

#include "command.h"
#include "error.h"
#include "input.h"
#include "ordered_pool.h"
#include "progress.h"
#include "threads.h"
#include "tree/fakeroot_db.h"
#include "tree/file_id.h"
#include "tree/tree_source.h"
#include "unique_fd.h"

namespace rb {

static int fileids_main(Invocation& inv) {
    const bool nul = inv.opts.has("0");
    const unsigned threads = thread_count(inv.opts, "j");
    const OwnerSource owners = OwnerSource::from_option(inv.opts.get("f"));
    UniqueFd root(open_dir(inv.opts.get("C")));
    RecordReader names(inv.in, nul ? '\0' : '\n');
    Progress progress("fileids", inv.err, inv.out.fd());
    ProgressCounter* hashed = progress.counter();
    struct Item {
        std::string name;
        unsigned long long number;  // of its record, for an empty one
        FileId id;
    };
    // Each name is looked up through a TreeSource, whose ParentDirs keeps its
    // chain of directories open: one per worker at a time, taken from and
    // put back here.
    TreePool trees(root.get(), owners);
    auto lookup = [&](Item& it) {
        if (it.name.empty())
            throw Error(names.name() + ":" + std::to_string(it.number), "empty name");
        TreePool::Lease tree(trees);
        it.id = file_id(*tree, it.name, hashed);
    };
    auto next_name = [&](Item& it) {
        it.number = names.number() + 1;
        return names.next(it.name);
    };
    ordered_for_each<Item>(threads, 4096, next_name, lookup, [&](Item& it) {
        inv.out.write(it.name);
        inv.out.put(' ');
        inv.out.write(format_id(it.id));
        inv.out.put(nul ? '\0' : '\n');
    }, true);
    return 0;
}

extern const Command fileids_command = {
    "fileids",
    "fileids [-0] [-C DIR] [-f STATE] [-j N]",
    "Read path names from standard input, one per line, and write for each a\n"
    ".list line: the name, a space, and MODE-UID-GID-DIGEST, where MODE is the\n"
    "seven-digit octal st_mode, UID and GID are decimal, and DIGEST is the\n"
    "SHA-256 of a regular file's content or of a symlink's target, or 0.\n"
    "Symlinks are not followed, not even on the way: a name through a symlink,\n"
    "an absolute name or a .. component is refused. Output is in input order.\n"
    "\n"
    "  -0        names are NUL-terminated, and so are the output records\n"
    "  -C DIR    names are relative to DIR\n"
    "  -f STATE  owners and modes as fakeroot -i STATE would report them;\n"
    "            a missing STATE reports every file as owned by 0:0\n"
    "  -j N      hash with N threads (default: online CPUs)\n",
    {{'0', nullptr, nullptr}, {'C', nullptr, "DIR"}, {'f', nullptr, "STATE"}, {'j', nullptr, "N"}},
    0,
    0,
    fileids_main,
};

}  // namespace rb
