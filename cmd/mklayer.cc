// mklayer.cc — .list lines (or names) on standard input to a deterministic
// layer tar, with OCI whiteouts for what a base listing had and the tree lost.
#include <sys/stat.h>

#include <vector>

#include "command.h"
#include "error.h"
#include "input.h"
#include "progress.h"
#include "source_date.h"
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

// The layer's entries, one a name: a file met again under another name is
// stored once, its later names as hard links to the first.
class LayerEntries {
public:
    LayerEntries(ArchiveWriter& archive, TreeSource& tree, long long epoch,
                 ProgressCounter* progress)
        : archive_(archive), tree_(tree), epoch_(epoch), progress_(progress) {}
    void add(const std::string& name);

private:
    bool add_link(struct archive_entry* e, const std::string& name);

    ArchiveWriter& archive_;
    TreeSource& tree_;
    const long long epoch_;
    ProgressCounter* progress_;
    HardLinks links_;
    SourceFile f_;  // these three are reused, entry after entry
    std::string target_;
    std::vector<Xattr> xattrs_;
};

void LayerEntries::add(const std::string& name) {
    tree_.stat(name, f_);
    if (S_ISSOCK(f_.mode)) throw Error(name, "a socket cannot be stored in a tar");
    struct archive_entry* e = archive_.entry();
    target_.clear();
    if (S_ISLNK(f_.mode)) target_ = tree_.read_link(f_);
    fill_entry(e, f_, clamp_mtime(f_.mtime, epoch_), target_);
    if (add_link(e, name)) return;
    UniqueFd content(f_.has_content() ? tree_.open_content(f_) : -1);
    tree_.read_xattrs(f_, content.get(), xattrs_);
    add_xattrs(e, xattrs_);
    archive_.write_header(e, name);
    if (f_.size > 0) archive_.copy_data(content.get(), f_.size, name, progress_);
}

// Whether name is a later name of a file already stored: then e is written
// as a link to the first, without data.
bool LayerEntries::add_link(struct archive_entry* e, const std::string& name) {
    if (!HardLinks::candidate(f_.mode, f_.nlink)) return false;
    bool is_new = true;
    HardLinks::Group& g = links_.add(f_.dev, f_.ino, name, is_new);
    if (is_new) return false;
    archive_entry_copy_hardlink(e, g.first.c_str());
    archive_entry_set_size(e, 0);
    archive_.write_header(e, name);
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
    std::string name;
    while (in.names.next(name)) entries.add(name);
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
