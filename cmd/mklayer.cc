// mklayer.cc — .list lines (or names) on standard input to a deterministic
// layer tar, with OCI whiteouts for what a base listing had and the tree lost.
#include <sys/stat.h>

#include <string>
#include <vector>

#include "command.h"
#include "error.h"
#include "input.h"
#include "ordered_pool.h"
#include "progress.h"
#include "source_date.h"
#include "threads.h"
#include "tree/archive_command.h"
#include "tree/archive_writer.h"
#include "tree/hard_links.h"
#include "tree/name_reader.h"
#include "tree/tree_source.h"
#include "tree/whiteouts.h"
#include "unique_fd.h"

namespace rb {

namespace {

// ustar's mtime field holds 11 octal digits; later times need a pax record,
// which libarchive writes, so only the C library's time_t limits this.
constexpr long long kMaxEpoch = 0x7fffffffffffLL;

// A member as a worker thread looked it up: its stat, a symlink's target,
// and for a small regular file (or a directory) its xattrs and content too,
// read ahead while earlier members are being written.
struct Member {
    SourceFile f;
    std::string target;
    std::vector<Xattr> xattrs;
    std::string data;
    bool ready = false;  // xattrs (and data) read: nothing left to open
};

// Regular files up to this size are read ahead whole; larger ones are copied
// when their turn comes (sendfile(2) from 128 KiB), as is a file that may be
// a hard link, as its later names are stored without reading it.
constexpr uint64_t kReadAhead = 64 << 10;

// On a worker: everything about one name that needs no other member.
void look_up(TreeSource& tree, const std::string& name, Member& m) {
    tree.stat(name, m.f);
    if (S_ISSOCK(m.f.mode)) throw Error(name, "a socket cannot be stored in a tar");
    if (S_ISLNK(m.f.mode)) m.target = tree.read_link(m.f);
    if (HardLinks::candidate(m.f.mode, m.f.nlink)) return;
    if (m.f.has_content()) {
        if (m.f.size > kReadAhead) return;
        UniqueFd content(tree.open_content(m.f));
        tree.read_xattrs(m.f, content.get(), m.xattrs);
        read_content(content.get(), m.f, m.data);
    } else {
        tree.read_xattrs(m.f, -1, m.xattrs);
    }
    m.ready = true;
}

// The layer's entries, in input order: a file met again under another name
// is stored once, its later names as hard links to the first.
class LayerEntries {
public:
    LayerEntries(ArchiveWriter& archive, TreeSource& tree, long long epoch,
                 ProgressCounter* progress)
        : archive_(archive), tree_(tree), epoch_(epoch), progress_(progress) {}
    void add(Member& m);

private:
    bool add_link(struct archive_entry* e, const SourceFile& f);

    ArchiveWriter& archive_;
    TreeSource& tree_;
    const long long epoch_;
    ProgressCounter* progress_;
    HardLinks links_;
};

void LayerEntries::add(Member& m) {
    const SourceFile& f = m.f;
    struct archive_entry* e = archive_.entry();
    fill_entry(e, f, clamp_mtime(f.mtime, epoch_), m.target);
    if (add_link(e, f)) return;
    if (m.ready) {
        add_xattrs(e, m.xattrs);
        archive_.write_header(e, f.name);
        if (f.size > 0) archive_.write_data(m.data, f.name, progress_);
        return;
    }
    UniqueFd content(f.has_content() ? tree_.open_content(f) : -1);
    tree_.read_xattrs(f, content.get(), m.xattrs);
    add_xattrs(e, m.xattrs);
    archive_.write_header(e, f.name);
    if (f.size > 0) archive_.copy_data(content.get(), f.size, f.name, progress_);
}

// Whether f is a later name of a file already stored: then e is written
// as a link to the first, without data.
bool LayerEntries::add_link(struct archive_entry* e, const SourceFile& f) {
    if (!HardLinks::candidate(f.mode, f.nlink)) return false;
    bool is_new = true;
    HardLinks::Group& g = links_.add(f.dev, f.ino, f.name, is_new);
    if (is_new) return false;
    archive_entry_copy_hardlink(e, g.first.c_str());
    archive_entry_set_size(e, 0);
    archive_.write_header(e, f.name);
    return true;
}

// A whiteout for each path of the base listing that the tree lost: an empty
// regular file owned by root, as Docker writes them.
void add_whiteouts(ArchiveWriter& archive, int rootfd, NameReader& base_names, long long epoch) {
    for (const std::string& gone : deleted_paths(rootfd, base_names)) {
        struct archive_entry* e = archive.entry();
        const std::string wh = whiteout_name(gone);
        archive_entry_copy_pathname(e, wh.c_str());
        archive_entry_set_mode(e, S_IFREG);
        archive_entry_set_mtime(e, time_t(epoch), 0);
        archive.write_header(e, wh);
    }
}

}  // namespace

static int mklayer_main(Invocation& inv) {
    const long long epoch = source_date_epoch(kMaxEpoch);
    TreeInput in(inv);
    const std::string base = inv.opts.get("whiteouts");
    if (inv.opts.has("whiteouts") && base == "-")
        throw UsageError("--whiteouts: standard input already holds the names");
    // opened now, so that a missing BASE.list fails before any work
    UniqueFd base_fd(inv.opts.has("whiteouts") ? open_input(base) : -1);
    ArchiveOutput out(inv, ArchiveFormat::pax_restricted, "a tar archive");
    Progress progress("mklayer", inv.err, out.writer().fd());

    LayerEntries entries(out.archive(), in.tree, epoch, progress.counter());
    // Looking members up and reading small files goes on in parallel; the
    // archive is written in input order on this thread, which works too
    // while it waits. At most 512 members (32 MiB read ahead) in flight.
    TreePool trees(in.root.get(), in.owners);
    struct Item {
        std::string name;
        Member m;
    };
    ordered_for_each<Item>(
        online_cpus(), 512,
        [&](Item& it) {
            it.m = Member();
            return in.names.next(it.name);
        },
        [&](Item& it) {
            TreePool::Lease tree(trees);
            look_up(*tree, it.name, it.m);
        },
        [&](Item& it) { entries.add(it.m); }, true);
    if (base_fd.get() >= 0) {
        NameReader base_names(base_fd.get(), inv.opts.has("0"), base);
        add_whiteouts(out.archive(), in.root.get(), base_names, epoch);
    }
    out.commit();
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
