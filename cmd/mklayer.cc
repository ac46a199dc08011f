// mklayer.cc — .list lines (or names) on standard input to a deterministic
// layer tar, with OCI whiteouts for what a base listing had and the tree lost.
#include <sys/stat.h>

#include <vector>

#include "tree/archive_writer.h"
#include "command.h"
#include "error.h"
#include "tree/hard_links.h"
#include "input.h"
#include "tree/name_reader.h"
#include "progress.h"
#include "source_date.h"
#include "tree/tree_source.h"
#include "unique_fd.h"
#include "tree/whiteouts.h"

namespace rb {

// ustar's mtime field holds 11 octal digits; later times need a pax record,
// which libarchive writes, so only the C library's time_t limits this.
constexpr long long kMaxEpoch = 0x7fffffffffffLL;

static int mklayer_main(Invocation& inv) {
    const long long epoch = source_date_epoch(kMaxEpoch);
    const bool nul = inv.opts.has("0");
    const OwnerSource owners = OwnerSource::from_option(inv.opts.get("f"));
    UniqueFd root(open_dir(inv.opts.get("C")));
    const std::string base = inv.opts.get("whiteouts");
    if (inv.opts.has("whiteouts") && base == "-")
        throw UsageError("--whiteouts: standard input already holds the names");
    // opened now, so that a missing BASE.list fails before any work
    UniqueFd base_fd(inv.opts.has("whiteouts") ? open_input(base) : -1);
    const std::string out_path = inv.opts.get("o");
    if (out_path.empty() || out_path == "-") refuse_terminal(inv.out.fd(), "a tar archive");
    Destination dest(out_path, inv.out);
    TreeSource tree(root.get(), owners);
    NameReader names(inv.in, nul);
    ArchiveWriter archive(ArchiveFormat::pax_restricted, dest.writer());
    Progress progress("mklayer", inv.err, dest.writer().fd());

    HardLinks links;
    SourceFile f;
    std::string name, target;
    std::vector<Xattr> xattrs;
    while (names.next(name)) {
        tree.stat(name, f);
        if (S_ISSOCK(f.mode)) throw Error(name, "a socket cannot be stored in a tar");
        struct archive_entry* e = archive.entry();
        target.clear();
        if (S_ISLNK(f.mode)) target = tree.read_link(f);
        fill_entry(e, f, clamp_mtime(f.mtime, epoch), target);
        bool is_new = true;
        if (HardLinks::candidate(f.mode, f.nlink)) {
            HardLinks::Group& g = links.add(f.dev, f.ino, name, is_new);
            if (!is_new) {
                // a later name of a file already stored: a link, no data
                archive_entry_copy_hardlink(e, g.first.c_str());
                archive_entry_set_size(e, 0);
                archive.write_header(e, name);
                continue;
            }
        }
        UniqueFd content(f.has_content() ? tree.open_content(f) : -1);
        tree.read_xattrs(f, content.get(), xattrs);
        add_xattrs(e, xattrs);
        archive.write_header(e, name);
        if (f.size > 0) archive.copy_data(content.get(), f.size, name, progress.counter());
    }

    if (base_fd.get() >= 0) {
        NameReader base_names(base_fd.get(), nul, base);
        for (const std::string& gone : deleted_paths(root.get(), base_names)) {
            // an empty regular file owned by root, as Docker writes them
            struct archive_entry* e = archive.entry();
            const std::string wh = whiteout_name(gone);
            archive_entry_copy_pathname(e, wh.c_str());
            archive_entry_set_mode(e, S_IFREG);
            archive_entry_set_mtime(e, time_t(epoch), 0);
            archive.write_header(e, wh);
        }
    }
    archive.close();
    dest.commit();
    return 0;
}

extern const Command mklayer_command = {
    "mklayer",
    "mklayer [-0] [-C DIR] [-f STATE] [-o FILE] [--whiteouts BASE.list]",
    "Read .list lines (or plain path names) from standard input and write a\n"
    "layer tar of those paths, in input order: ustar headers, with pax records\n"
    "only where ustar cannot hold a value (long names, large ids, xattrs);\n"
    "numeric owners, no user or group names, no atime or ctime, each mtime\n"
    "clamped to SOURCE_DATE_EPOCH (default 0). A file met under several names\n"
    "is stored once, later names as hard links to the first. The xattrs kept\n"
    "are security.capability and user.*. The same tree gives the same bytes.\n"
    "\n"
    "  -0        names (and BASE.list records) are NUL-terminated\n"
    "  -C DIR    names are relative to DIR\n"
    "  -f STATE  owners and modes as fakeroot -i STATE would report them;\n"
    "            a missing STATE reports every file as owned by 0:0\n"
    "  -o FILE   write FILE (complete, or not at all) instead of standard output\n"
    "  --whiteouts BASE.list\n"
    "            after the entries, add an OCI whiteout .wh.NAME for each path\n"
    "            of BASE.list that is gone from DIR (one for a deleted\n"
    "            directory, none for its contents), in BASE.list's order\n",
    {{'0', nullptr, nullptr},
     {'C', nullptr, "DIR"},
     {'f', nullptr, "STATE"},
     {'o', nullptr, "FILE"},
     {0, "whiteouts", "BASE.list"}},
    0,
    0,
    mklayer_main,
};

}  // namespace rb
