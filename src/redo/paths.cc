// redo/paths.cc — lexical path arithmetic and state file names.
#include "redo/paths.h"

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

// Already normal: no empty, "." or ".." component except leading ".."s
// of a relative path, and no trailing slash. Most paths are; this keeps the
// up-to-date check free of allocations.
static bool is_normal(const std::string& path) {
    if (path.empty()) return false;
    size_t n = path.size(), i = 0;
    bool absolute = path[0] == '/';
    if (absolute) {
        if (n == 1) return true;
        i = 1;
    }
    bool leading = !absolute;
    while (i < n) {
        size_t end = path.find('/', i);
        if (end == std::string::npos) end = n;
        size_t len = end - i;
        if (len == 0) return false;
        if (len == 1 && path[i] == '.') return false;
        bool dotdot = len == 2 && path[i] == '.' && path[i + 1] == '.';
        if (dotdot && !leading) return false;
        leading = leading && dotdot;
        if (end == n) return true;
        i = end + 1;
        if (i == n) return false;  // trailing slash
    }
    return true;
}

std::string normalize_path(const std::string& path) {
    if (is_normal(path)) return path;
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
    // the common case: path lies under base
    if (base == "/" && path.size() > 1 && path[0] == '/') return path.substr(1);
    if (path.size() > base.size() && path[base.size()] == '/' &&
        path.compare(0, base.size(), base) == 0)
        return path.substr(base.size() + 1);
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

std::string name_of_state(const std::string& state) {
    if (!state.empty() && state[0] == '~') return "";
    std::string key;
    for (size_t i = 0; i < state.size(); i++) {
        if (state[i] == '%' && i + 2 < state.size()) {
            std::string code = state.substr(i + 1, 2);
            if (code == "2F") key += '/';
            else if (code == "25") key += '%';
            else if (code == "7E") key += '~';
            else key += state.substr(i, 3);
            i += 2;
        } else {
            key += state[i];
        }
    }
    return key;
}

}  // namespace rb::redo
