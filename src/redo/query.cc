// redo/query.cc — walking the .redo/ directories below a directory.
#include "redo/query.h"

#include <dirent.h>

#include <algorithm>
#include <set>

#include "redo/paths.h"

namespace rb::redo {

static std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = opendir(dir.c_str());
    if (!d) return out;
    while (dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN) out.push_back(name);
    }
    closedir(d);
    return out;
}

static void walk(const Store& store, const std::string& dir, std::vector<std::string>& out) {
    std::string base = dir == "/" ? "" : dir;
    DIR* recs = opendir((base + "/.redo/rec").c_str());
    if (recs) {
        while (dirent* e = readdir(recs)) {
            std::string file = name_of_state(e->d_name);
            if (e->d_name[0] == '.' || file.empty()) continue;
            std::string key = relative_path(base + "/" + file, "/");
            if (store.load(key).kind == Record::Target) out.push_back(key);
        }
        closedir(recs);
    }
    for (const std::string& name : entries(dir)) {
        if (name == ".redo") continue;
        struct stat st;
        std::string sub = base + "/" + name;
        // symlinked directories are not followed: each record is found once
        if (lstat(sub.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) walk(store, sub, out);
    }
}

std::vector<std::string> targets_below(const Store& store, const std::string& dir) {
    std::vector<std::string> out;
    walk(store, dir, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sources_of(const Store& store, const std::vector<std::string>& targets) {
    std::set<std::string> found;
    for (const std::string& t : targets)
        for (const Dep& d : store.load(t).deps)
            if (d.kind == Dep::Source && store.load(d.path).kind != Record::Target)
                found.insert(d.path);
    return {found.begin(), found.end()};
}

std::string key_lines(const std::vector<std::string>& keys, const std::string& dir) {
    std::string text;
    for (const std::string& key : keys) text += relative_path("/" + key, dir) + "\n";
    return text;
}

}  // namespace rb::redo
