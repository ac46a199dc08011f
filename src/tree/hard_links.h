// tree/hard_links.h — files met under several names in one archive, recognised
// by (device, inode): the first name is the one later names link to.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "tree/file_key.h"

namespace rb {

class HardLinks {
public:
    struct Group {
        std::string first;    // the first name met
        uint32_t names = 0;   // names met so far (all of them, after a first pass)
        uint32_t written = 0; // for the caller: names already written
        uint64_t number = 0;  // for the caller: an inode number of its own
    };

    // Whether a file of this mode and link count can be met again: anything
    // but directories and symlinks (the kernel's initramfs unpacker links
    // regular files, devices and fifos, never symlinks).
    static bool candidate(mode_t mode, nlink_t nlink);

    // The group of (dev, ino), counting name in it; is_new tells whether this
    // was its first name. Throws Error(name, …) when name is the group's
    // first name again: a link to itself would destroy the file on extraction.
    Group& add(dev_t dev, ino_t ino, std::string_view name, bool& is_new);

    size_t size() const { return groups_.size(); }

private:
    std::unordered_map<FileKey, Group, FileKeyHash> groups_;
};

}  // namespace rb
