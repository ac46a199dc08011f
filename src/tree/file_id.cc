// tree/file_id.cc — computing .list ids from a TreeSource's members.
#include "tree/file_id.h"

#include <fcntl.h>

#include "sha256.h"
#include "unique_fd.h"

namespace rb {

static std::string content_digest(TreeSource& tree, const SourceFile& file,
                                  ProgressCounter* progress) {
    // no recheck: the digest is of whatever the file holds as it is read
    UniqueFd fd(tree.open_content(file, false));
    if (file.size > (uint64_t(1) << 16)) posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    return to_hex(sha256_fd(fd.get(), file.name, nullptr, progress));
}

FileId file_id(TreeSource& tree, const std::string& name, ProgressCounter* progress) {
    SourceFile f;
    tree.stat(canonical_name(name), f);
    FileId id;
    id.mode = f.mode;
    id.uid = f.uid;
    id.gid = f.gid;
    if (f.has_content()) id.digest = content_digest(tree, f, progress);
    else if (S_ISLNK(f.mode)) id.digest = sha256_hex(tree.read_link(f));
    else id.digest = "0";
    return id;
}

}  // namespace rb
