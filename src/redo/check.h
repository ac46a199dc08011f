// redo/check.h — is a file up to date? Without running anything: stat
// fingerprints first, a content hash only when a fingerprint differs, and
// the records of target dependencies read recursively.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "redo/record.h"
#include "redo/store.h"

namespace rb::redo {

struct Status {
    enum State {
        Clean,    // up to date: dep says what a dependent records
        Dirty,    // must be built
        Need,     // decided only after building `need` (they used redo-stamp)
        Missing,  // no such file, no record and no .do
    } state = Dirty;
    Dep dep;
    std::vector<std::string> need;
    std::string seen_version;  // the version of the record looked at
};

class Checker {
public:
    Checker(const Store& store, std::string run) : store_(store), run_(std::move(run)) {}
    Status check(const std::string& key);
    // check() again for key alone (its record changed since).
    Status recheck(const std::string& key) {
        memo_.erase(key);
        return check(key);
    }
    // What a dependent records for a target just built (or found built).
    static Dep target_dep(const std::string& key, const Record& r);
    // Forget what was learnt: something was built since.
    void forget() { memo_.clear(); }

private:
    Status check_uncached(const std::string& key);
    Status check_target(const std::string& key, const Record& r);
    bool dep_changed(const Dep& d, std::vector<std::string>& need);

    const Store& store_;
    std::string run_;
    std::map<std::string, Status> memo_;
    std::set<std::string> active_;  // being checked: a cycle in old records
};

}  // namespace rb::redo
