// sbom/dpkg.cc — dpkg's status file (deb822 paragraphs), its file lists,
// os-release and DEP-5 copyright files, read from a tree.
#include "sbom/dpkg.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "error.h"
#include "input.h"

namespace rb {

namespace {

using Paragraph = std::map<std::string, std::string>;

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// "Field: value": the field name is printable ASCII without spaces or colon
bool split_field(const std::string& line, std::string& field, std::string& value) {
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string::npos) return false;
    for (size_t i = 0; i < colon; ++i)
        if (line[i] <= ' ' || line[i] > '~') return false;
    field = line.substr(0, colon);
    value = trim(line.substr(colon + 1));
    return true;
}

// deb822 paragraphs; each line's number is kept in "@line" for errors.
std::vector<Paragraph> parse_paragraphs(const std::string& text, const std::string& name) {
    if (text.find('\0') != std::string::npos) throw Error(name, "damaged: holds a NUL byte");
    std::vector<Paragraph> out;
    Paragraph cur;
    std::string last;
    size_t at = 0, line = 0;
    while (at <= text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string l = text.substr(at, end - at);
        ++line;
        at = end + 1;
        if (trim(l).empty()) {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
            last.clear();
            continue;
        }
        const std::string where = name + ":" + std::to_string(line);
        std::string field, value;
        if (l[0] == ' ' || l[0] == '\t') {
            if (last.empty()) throw Error(where, "damaged: a continuation line with no field above it");
            cur[last] += "\n" + trim(l);
        } else if (split_field(l, field, value)) {
            if (cur.empty()) cur["@line"] = std::to_string(line);
            cur[field] = value;
            last = field;
        } else {
            throw Error(where, "damaged: not a \"Field: value\" line");
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

DebPackage package_of(Paragraph& p, const std::string& where) {
    for (const char* f : {"Version", "Architecture"})
        if (p[f].empty()) throw Error(where, "damaged: installed package " + p["Package"] + " has no " + f);
    DebPackage d;
    d.name = p["Package"];
    d.version = p["Version"];
    d.arch = p["Architecture"];
    d.maintainer = first_line(p["Maintainer"]);
    d.description = first_line(p["Description"]);
    d.homepage = first_line(p["Homepage"]);
    // "Source: NAME" or "Source: NAME (VERSION)"
    const std::string src = p["Source"];
    d.source = src.empty() ? d.name : trim(src.substr(0, src.find('(')));
    d.source_version = d.version;
    const size_t open = src.find('('), close = src.find(')');
    if (open != std::string::npos && close != std::string::npos && close > open)
        d.source_version = trim(src.substr(open + 1, close - open - 1));
    return d;
}

// ROOT/NAME, with an absolute symlink there (such as etc/os-release ->
// /usr/lib/os-release) taken inside the tree, not on this machine
std::string in_tree(const std::string& root, std::string name) {
    for (int hops = 0; hops < 8; ++hops) {
        char target[4096];
        const ssize_t n = readlink((root + name).c_str(), target, sizeof target - 1);
        if (n <= 0 || target[0] != '/') break;
        name.assign(target, size_t(n));
    }
    return root + name;
}

bool readable(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::string> list_lines(const std::string& text) {
    std::vector<std::string> lines;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        if (end > at) lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return lines;
}

std::string unquote(std::string v) {
    if (v.size() >= 2 && (v[0] == '"' || v[0] == '\'') && v.back() == v[0]) v = v.substr(1, v.size() - 2);
    return v;
}

}  // namespace

std::vector<DebPackage> parse_dpkg_status(const std::string& text, const std::string& name) {
    std::vector<DebPackage> out;
    for (Paragraph& p : parse_paragraphs(text, name)) {
        const std::string where = name + ":" + p["@line"];
        if (p["Package"].empty()) throw Error(where, "damaged: a paragraph with no Package field");
        if (p["Status"].empty()) throw Error(where, "damaged: package " + p["Package"] + " has no Status");
        if (p["Status"] == "install ok installed") out.push_back(package_of(p, where));
    }
    std::sort(out.begin(), out.end(), [](const DebPackage& a, const DebPackage& b) {
        return a.name != b.name ? a.name < b.name : a.arch < b.arch;
    });
    return out;
}

std::vector<std::string> copyright_licenses(const std::string& text) {
    std::set<std::string> found;
    bool dep5 = false;
    for (const std::string& l : list_lines(text)) {
        std::string field, value;
        if (l[0] == ' ' || l[0] == '\t' || !split_field(l, field, value)) continue;
        if (field == "Format" && value.find("copyright-format") != std::string::npos) dep5 = true;
        if (field == "License" && !value.empty()) found.insert(value);
    }
    if (dep5) return std::vector<std::string>(found.begin(), found.end());
    // Free-form files name Debian's copies of the licenses they use.
    found.clear();
    const std::string ref = "/usr/share/common-licenses/";
    for (size_t at = text.find(ref); at != std::string::npos; at = text.find(ref, at + 1)) {
        size_t end = at + ref.size();
        while (end < text.size() && (isalnum((unsigned char)text[end]) || strchr(".+-_", text[end]))) ++end;
        std::string name = text.substr(at + ref.size(), end - at - ref.size());
        while (!name.empty() && name.back() == '.') name.pop_back();
        if (!name.empty()) found.insert(name);
    }
    return std::vector<std::string>(found.begin(), found.end());
}

std::vector<DebPackage> read_dpkg(const std::string& root) {
    const std::string status = root + "/var/lib/dpkg/status";
    std::vector<DebPackage> pkgs = parse_dpkg_status(read_file(status), status);
    for (DebPackage& p : pkgs) {
        const std::string info = root + "/var/lib/dpkg/info/" + p.name;
        // Multi-Arch: same packages have NAME:ARCH.list
        const std::string arch_list = info + ":" + p.arch + ".list";
        p.files = list_lines(read_file(readable(arch_list) ? arch_list : info + ".list"));
        const std::string copyright = in_tree(root, "/usr/share/doc/" + p.name + "/copyright");
        if (readable(copyright)) p.licenses = copyright_licenses(read_file(copyright));
    }
    return pkgs;
}

OsRelease read_os_release(const std::string& root) {
    OsRelease os;
    std::string path = in_tree(root, "/etc/os-release");
    if (!readable(path)) path = in_tree(root, "/usr/lib/os-release");
    if (!readable(path)) return os;
    for (const std::string& l : list_lines(read_file(path))) {
        const size_t eq = l.find('=');
        if (eq == std::string::npos || l[0] == '#') continue;
        const std::string key = l.substr(0, eq), value = unquote(trim(l.substr(eq + 1)));
        if (key == "ID") os.id = value;
        else if (key == "VERSION_ID") os.version_id = value;
        else if (key == "VERSION_CODENAME") os.codename = value;
        else if (key == "NAME") os.name = value;
    }
    return os;
}

std::string purl_encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
            c == '-' || c == '_' || c == '~') {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string deb_purl(const DebPackage& p, const OsRelease& os) {
    const std::string ns = os.id.empty() ? "debian" : os.id;
    std::string purl = "pkg:deb/" + purl_encode(ns) + "/" + purl_encode(p.name) + "@" +
                       purl_encode(p.version) + "?arch=" + purl_encode(p.arch);
    const std::string release = !os.version_id.empty() ? os.version_id : os.codename;
    if (!release.empty()) purl += "&distro=" + purl_encode(ns + "-" + release);
    return purl;
}

}  // namespace rb
