// redo/check.cc — the up-to-date check.
#include "redo/check.h"

#include <sys/stat.h>

#include "redo/dofile.h"

namespace rb::redo {

Dep Checker::target_dep(const std::string& key, const Record& r) {
    return Dep{Dep::Target, key, "", r.version};
}

Status Checker::check(const std::string& key) {
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
    if (!active_.insert(key).second) return Status{};  // an old cycle: just rebuild
    Status s = check_uncached(key);
    active_.erase(key);
    memo_[key] = s;
    return s;
}

Status Checker::check_uncached(const std::string& key) {
    Record r = store_.load(key);
    if (r.kind == Record::Target) return check_target(key, r);

    struct stat st;
    if (store_.stat_key(key, st)) {
        // A file redo never built is a source, unless its first build is
        // under way right now (the output appears before its record).
        if (r.kind == Record::None && store_.lock_busy(key)) return Status{};
        // first sight of a source: no record of its own (a changed one
        // gets one when a dependant's check finds it touched)
        Store::SourceState src = store_.source_state(key, st, &r, false);
        Status s;
        s.state = Status::Clean;
        s.dep = Dep{Dep::Source, key, src.fp, src.hash};
        return s;
    }
    Status s;
    if (!find_dofile(store_.abs(key))) s.state = Status::Missing;
    return s;  // gone: built if a .do can make it
}

Status Checker::check_target(const std::string& key, const Record& r) {
    Status s;
    s.seen_version = r.version;
    if (r.run == run_) {  // built in this run: never twice
        s.state = Status::Clean;
        s.dep = target_dep(key, r);
        return s;
    }
    struct stat st;
    std::string out = store_.lstat_key(key, st) ? fingerprint(st) : "-";
    if (out != r.fp || r.always) return s;
    for (const Dep& d : r.deps)
        if (dep_changed(d, s.need)) {
            s.need.clear();
            return s;
        }
    if (!s.need.empty()) {
        s.state = Status::Need;
        return s;
    }
    s.state = Status::Clean;
    s.dep = target_dep(key, r);
    return s;
}

// Whether dependency d differs from what the last build saw; targets whose
// change can only be known by building them go to need.
bool Checker::dep_changed(const Dep& d, std::vector<std::string>& need) {
    struct stat st;
    switch (d.kind) {
    case Dep::IfCreate: return store_.lstat_key(d.path, st);
    case Dep::Source: {
        if (!store_.stat_key(d.path, st)) return true;
        if (fingerprint(st) == d.fp) return false;
        Record known = store_.load(d.path);
        if (known.kind == Record::Target) return true;  // a source no more
        return store_.source_state(d.path, st, &known).hash != d.version;
    }
    case Dep::Target: {
        Status s = check(d.path);
        if (s.state == Status::Need) {
            need.insert(need.end(), s.need.begin(), s.need.end());
            return false;
        }
        if (s.state == Status::Clean) return s.dep.version != d.version;
        if (s.state == Status::Dirty) {
            // A target that may rebuild to the same stamp must be built
            // before we know; any other gets a new version when rebuilt.
            Record r = store_.load(d.path);
            if (r.kind == Record::Target && !r.stamp.empty() && r.version == d.version) {
                need.push_back(d.path);
                return false;
            }
        }
        return true;
    }
    }
    return true;
}

}  // namespace rb::redo
