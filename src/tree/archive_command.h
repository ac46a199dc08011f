// tree/archive_command.h — what mklayer and mkcpio set up alike from their
// options: the tree under -C DIR with -f STATE's owners and the names on
// standard input (-0), and the archive written to -o FILE or standard
// output (never a terminal), complete or not at all.
#pragma once
#include <string>

#include "command.h"
#include "output.h"
#include "tree/archive_writer.h"
#include "tree/fakeroot_db.h"
#include "tree/name_reader.h"
#include "tree/tree_source.h"
#include "unique_fd.h"

namespace rb {

// The members to read: -C DIR's tree seen through -f STATE, the names from
// standard input, one a line or NUL-terminated (-0). Throws Error.
struct TreeInput {
    explicit TreeInput(Invocation& inv);
    const OwnerSource owners;
    const UniqueFd root;
    TreeSource tree;
    NameReader names;
};

// The archive to -o FILE or, without it, standard output, which must not be
// a terminal (what names the archive in that UsageError). Nothing is left
// in place unless commit() is reached.
class ArchiveOutput {
public:
    ArchiveOutput(Invocation& inv, ArchiveFormat format, const std::string& what);
    ArchiveWriter& archive() { return archive_; }
    Writer& writer() { return dest_.writer(); }
    // End the archive and put it in place.
    void commit();

private:
    Destination dest_;
    ArchiveWriter archive_;
};

}  // namespace rb
