// mkcpio.cc — names on standard input to a newc cpio archive: an initramfs.
#include <sys/stat.h>

#include <vector>

#include "command.h"
#include "error.h"
#include "source_date.h"
#include "tree/archive_command.h"
#include "tree/archive_writer.h"
#include "tree/hard_links.h"
#include "tree/tree_source.h"
#include "unique_fd.h"

namespace rb {

namespace {

// newc stores sizes and times in 8 hex digits
constexpr uint64_t kNewcMax = 0xffffffffULL;

struct Member {
    SourceFile file;
    HardLinks::Group* links = nullptr;  // its names, when it may have several
    uint64_t ino = 0;
};

// Every name looked up first, so that a hard-linked file's names are all
// counted before the first is written: its data goes with the last one,
// and every one carries the count as nlink. Inode numbers count up from 1.
std::vector<Member> look_up(TreeInput& in, HardLinks& links) {
    std::vector<Member> members;
    uint64_t next_ino = 1;
    std::string name;
    while (in.names.next(name)) {
        members.emplace_back();
        Member& m = members.back();
        in.tree.stat(name, m.file);
        if (m.file.has_content() && m.file.size > kNewcMax)
            throw Error(name, "file too large for newc (4 GiB limit)");
        if (HardLinks::candidate(m.file.mode, m.file.nlink)) {
            bool is_new;
            m.links = &links.add(m.file.dev, m.file.ino, name, is_new);
            if (is_new) m.links->number = next_ino++;
            m.ino = m.links->number;
        } else {
            m.ino = next_ino++;
        }
    }
    return members;
}

void write_member(ArchiveWriter& archive, TreeSource& tree, Member& m, long long mtime,
                  std::string& target) {
    const SourceFile& f = m.file;
    const bool linked = m.links && m.links->names > 1;
    // GNU cpio's and libarchive's convention, which the kernel, GNU cpio
    // and bsdtar all extract: earlier names are empty, the last has the data
    const bool data = f.has_content() && (!linked || ++m.links->written == m.links->names);
    target.clear();
    if (S_ISLNK(f.mode)) target = tree.read_link(f);
    UniqueFd content(data && f.size > 0 ? tree.open_content(f) : -1);
    struct archive_entry* e = archive.entry();
    fill_entry(e, f, mtime, target);
    if (f.has_content() && !data) archive_entry_set_size(e, 0);
    archive_entry_set_ino64(e, la_int64_t(m.ino));
    archive_entry_set_nlink(e, linked ? m.links->names : S_ISDIR(f.mode) ? 2 : 1);
    archive.write_header(e, f.name);
    if (content.get() >= 0) archive.copy_data(content.get(), f.size, f.name);
}

}  // namespace

static int mkcpio_main(Invocation& inv) {
    const long long mtime = source_date_epoch(kNewcMax);
    TreeInput in(inv);
    ArchiveOutput out(inv, ArchiveFormat::cpio_newc, "a cpio archive");
    HardLinks links;
    std::vector<Member> members = look_up(in, links);
    std::string target;
    for (Member& m : members) write_member(out.archive(), in.tree, m, mtime, target);
    out.commit();
    return 0;
}

extern const Command mkcpio_command = {
    "mkcpio",
    "mkcpio [-0] [-C DIR] [-f STATE] [-o FILE]",
    "Read path names from standard input, one per line (or .list lines, whose\n"
    "id is ignored), and write a newc (\"070701\") cpio archive of them, in input\n"
    "order, for use as a Linux initramfs. Directories, regular files, symlinks,\n"
    "device nodes, fifos and sockets are stored; a file met under several\n"
    "names is stored once, its names sharing one inode. Inode numbers count up\n"
    "from 1 in input order, every mtime is SOURCE_DATE_EPOCH (default 0), and\n"
    "the device is 0: the same tree gives the same bytes.\n"
    "\n"
    "  -0        names are NUL-terminated\n"
    "  -C DIR    names are relative to DIR\n"
    "  -f STATE  owners and modes as fakeroot -i STATE would report them;\n"
    "            a missing STATE reports every file as owned by 0:0\n"
    "  -o FILE   write FILE (complete, or not at all) instead of standard output\n",
    {{'0', nullptr, nullptr}, {'C', nullptr, "DIR"}, {'f', nullptr, "STATE"}, {'o', nullptr, "FILE"}},
    0,
    0,
    mkcpio_main,
};

}  // namespace rb
