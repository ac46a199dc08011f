// tree/file_key.h — a file's identity on this machine, (device, inode), as a hash
// map key: what fakeroot records by and what makes two names one file.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <functional>

namespace rb {

struct FileKey {
    dev_t dev;
    ino_t ino;
    bool operator==(const FileKey& o) const { return dev == o.dev && ino == o.ino; }
};

struct FileKeyHash {
    size_t operator()(const FileKey& k) const {
        return std::hash<uint64_t>()(uint64_t(k.ino) * 1000003u ^ uint64_t(k.dev));
    }
};

}  // namespace rb
