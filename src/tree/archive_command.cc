// tree/archive_command.cc — the options mklayer and mkcpio share, set up once.
#include "tree/archive_command.h"

namespace rb {

TreeInput::TreeInput(Invocation& inv)
    : owners(OwnerSource::from_option(inv.opts.get("f"))),
      root(open_dir(inv.opts.get("C"))),
      tree(root.get(), owners),
      names(inv.in, inv.opts.has("0")) {}

// -o's path, once standard output is known not to be a terminal when it is used
static std::string checked_path(Invocation& inv, const std::string& what) {
    std::string path = inv.opts.get("o");
    if (path.empty() || path == "-") refuse_terminal(inv.out.fd(), what);
    return path;
}

ArchiveOutput::ArchiveOutput(Invocation& inv, ArchiveFormat format, const std::string& what)
    : dest_(checked_path(inv, what), inv.out), archive_(format, dest_.writer()) {}

void ArchiveOutput::commit() {
    archive_.close();
    dest_.commit();
}

}  // namespace rb
