// fileids.cc — names on stdin to .list lines: mode, owner and content digest.
#include <unistd.h>

#include "command.h"
#include "fakeroot_db.h"
#include "file_id.h"
#include "input.h"
#include "ordered_pool.h"
#include "progress.h"
#include "threads.h"

namespace rb {

static int fileids_main(Invocation& inv) {
    const bool nul = inv.opts.has("0");
    const unsigned threads = thread_count(inv.opts, "j");
    const OwnerSource owners = OwnerSource::from_option(inv.opts.get("f"));
    const int dirfd = open_dir(inv.opts.get("C"));
    struct Item {
        std::string name;
        FileId id;
    };
    RecordReader names(inv.in, nul ? '\0' : '\n');
    Progress progress("fileids", inv.err, inv.out.fd());
    ProgressCounter* hashed = progress.counter();
    try {
        ordered_for_each<Item>(
            threads, 4096, [&](Item& it) { return names.next(it.name); },
            [&](Item& it) { it.id = file_id(dirfd, it.name, owners, hashed); },
            [&](Item& it) {
                inv.out.write(it.name);
                inv.out.put(' ');
                inv.out.write(format_id(it.id));
                inv.out.put(nul ? '\0' : '\n');
            });
    } catch (...) {
        close(dirfd);
        throw;
    }
    close(dirfd);
    return 0;
}

extern const Command fileids_command = {
    "fileids",
    "fileids [-0] [-C DIR] [-f STATE] [-j N]",
    "Read path names from standard input, one per line, and write for each a\n"
    ".list line: the name, a space, and MODE-UID-GID-DIGEST, where MODE is the\n"
    "seven-digit octal st_mode, UID and GID are decimal, and DIGEST is the\n"
    "SHA-256 of a regular file's content or of a symlink's target, or 0.\n"
    "Symlinks are not followed. Output is in input order.\n"
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
