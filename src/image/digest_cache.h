// image/digest_cache.h — the diff_ids of layer tars already checked and
// hashed, kept per file like git's index: a later mkimage of the same,
// unchanged file copies it without reading it twice.
#pragma once
#include <sys/stat.h>

#include <string>

namespace rb {

struct Layer;

// One small file per layer file in dir, named by its device and inode,
// holding its size, mtime and ctime (nanoseconds), a format version and its
// diff_id, and a SHA-256 of all that. An entry that cannot be read, does not
// parse, or differs in any stat field is a miss; an entry that cannot be
// written is not written. Neither is ever an error.
class DigestCache {
public:
    explicit DigestCache(std::string dir) : dir_(std::move(dir)) {}

    // The diff_id of a tar that was checked when it was st, or "".
    std::string find(const struct stat& st) const;

    // Record l's diff_id when l's file is certainly the one hashed: its
    // mtime and ctime older, by more than a margin, than l.seen (so a write
    // in the clock tick of the hash cannot share its times), and its stat
    // unchanged since l.st was taken.
    void remember(const Layer& l) const;

private:
    std::string entry_path(const struct stat& st) const;
    std::string dir_;
};

// Whether a and b agree in every field an entry is keyed on: device, inode,
// size, mtime and ctime.
bool same_stat(const struct stat& a, const struct stat& b);

// ${XDG_CACHE_HOME:-$HOME/.cache}/redobox/layer-digests from those two
// variables' values (null when unset); "" when neither gives an absolute path.
std::string digest_cache_dir(const char* xdg_cache_home, const char* home);

}  // namespace rb
