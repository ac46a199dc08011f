// tree/hard_links.cc — grouping names by (device, inode).
#include "tree/hard_links.h"

#include <sys/stat.h>

#include "error.h"

namespace rb {

bool HardLinks::candidate(mode_t mode, nlink_t nlink) {
    return nlink > 1 && !S_ISDIR(mode) && !S_ISLNK(mode);
}

HardLinks::Group& HardLinks::add(dev_t dev, ino_t ino, std::string_view name, bool& is_new) {
    auto r = groups_.try_emplace(FileKey{dev, ino});
    Group& g = r.first->second;
    is_new = r.second;
    if (is_new) g.first.assign(name);
    else if (g.first == name) throw Error(std::string(name), "listed twice");
    g.names++;
    return g;
}

}  // namespace rb
