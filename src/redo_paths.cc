// redo_paths.cc — lexical path arithmetic and state file names.
#include "redo_paths.h"

#include <vector>

#include "sha256.h"

namespace rb::redo {

static std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> parts;
    size_t i = 0;
    while (i <= path.size()) {
        size_t slash = path.find('/', i);
        if (slash == std::string::npos) slash = path.size();
        parts.push_back(path.substr(i, slash - i));
        i = slash + 1;
    }
    return parts;
}

std::string normalize_path(const std::string& path) {
    bool absolute = !path.empty() && path[0] == '/';
    std::vector<std::string> out;
    for (std::string& part : components(path)) {
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            if (!out.empty() && out.back() != "..") {
                out.pop_back();
                continue;
            }
            if (absolute) continue;  // "/.." is "/"
        }
        out.push_back(std::move(part));
    }
    std::string result = absolute ? "/" : "";
    for (size_t i = 0; i < out.size(); i++) {
        if (i) result += '/';
        result += out[i];
    }
    return result.empty() ? "." : result;
}

std::string join_path(const std::string& dir, const std::string& name) {
    if (!name.empty() && name[0] == '/') return normalize_path(name);
    return normalize_path(dir + "/" + name);
}

std::string relative_path(const std::string& path, const std::string& base) {
    std::vector<std::string> p = components(path), b = components(base);
    // both start with "" (absolute); "/" splits into {"", ""}
    if (p.size() == 2 && p[1].empty()) p.pop_back();
    if (b.size() == 2 && b[1].empty()) b.pop_back();
    size_t common = 0;
    while (common < p.size() && common < b.size() && p[common] == b[common]) common++;
    std::string result;
    for (size_t i = common; i < b.size(); i++) result += result.empty() ? ".." : "/..";
    for (size_t i = common; i < p.size(); i++) {
        if (!result.empty()) result += '/';
        result += p[i];
    }
    return result.empty() ? "." : result;
}

std::string dir_name(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_name(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string state_name(const std::string& key) {
    std::string name;
    name.reserve(key.size() + 8);
    for (size_t i = 0; i < key.size(); i++) {
        char c = key[i];
        if (c == '%') name += "%25";
        else if (c == '/') name += "%2F";
        else if (c == '~' && i == 0) name += "%7E";
        else name += c;
    }
    // 255 is the usual limit; leave room for the suffixes added beside it
    if (name.size() > 200) return "~" + sha256_hex(key);
    return name;
}

}  // namespace rb::redo
