// tree/fakeroot_db.h — a fakeroot state file (as written by `fakeroot -s`), read
// natively so ownership can be reported the way fakeroot would report it.
#pragma once
#include <sys/stat.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "tree/file_key.h"

namespace rb {

class FakerootDb {
public:
    struct Entry {
        mode_t mode;
        uid_t uid;
        gid_t gid;
        dev_t rdev;
    };

    // An empty database: every file reads as owned by 0:0.
    FakerootDb() = default;
    // Parse state text; name is used for "NAME:LINE: reason" errors.
    static FakerootDb parse(std::string_view text, const std::string& name);
    // Load a state file; a missing file is an empty database.
    static FakerootDb load(const std::string& path);

    // Rewrite st as fakeroot would report it.
    void apply(struct stat& st) const;
    size_t size() const { return entries_.size(); }

private:
    std::unordered_map<FileKey, Entry, FileKeyHash> entries_;
};

// Where owners and modes come from: lstat alone, or lstat seen through a
// fakeroot database.
class OwnerSource {
public:
    OwnerSource() = default;  // lstat alone
    explicit OwnerSource(FakerootDb db) : db_(std::move(db)), faked_(true) {}
    // The state file at path (missing: everything 0:0); empty path: lstat alone.
    static OwnerSource from_option(const std::string& path);
    void apply(struct stat& st) const {
        if (faked_) db_.apply(st);
    }

private:
    FakerootDb db_;
    bool faked_ = false;
};

}  // namespace rb
