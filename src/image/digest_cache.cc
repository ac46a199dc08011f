// image/digest_cache.cc — remembered layer diff_ids: entries written whole
// (a temporary renamed), read with their own checks, trusted only when every
// stat field of the file still matches.
#include "image/digest_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "image/layer.h"
#include "unique_fd.h"
#include "output.h"
#include "sha256.h"

namespace rb {

namespace {

constexpr char kVersion[] = "redobox layer digest 1\n";
constexpr long long kMarginNs = 100'000'000;  // far above the kernel's coarse-clock tick
constexpr size_t kDigestChars = 7 + 64;     // "sha256:HEX"

long long ns(const struct timespec& t) { return (long long)t.tv_sec * 1'000'000'000 + t.tv_nsec; }

// Every stat field an entry is keyed on, as one line.
std::string key_line(const struct stat& st) {
    char buf[200];
    snprintf(buf, sizeof buf, "%llu %llu %lld %lld %lld\n", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino, (long long)st.st_size, ns(st.st_mtim), ns(st.st_ctim));
    return buf;
}

bool is_digest(const std::string& s) {
    if (s.size() != kDigestChars || s.compare(0, 7, "sha256:") != 0) return false;
    for (size_t i = 7; i < s.size(); i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

// An entry's bytes, when path is a regular file of at most max bytes; else
// "". Opened without waiting (a FIFO planted there must not hang mkimage).
std::string read_entry(const std::string& path, size_t max) {
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    struct stat st;
    if (fd.get() < 0 || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || size_t(st.st_size) > max)
        return "";
    std::string text(max + 1, '\0');
    ssize_t n = read(fd.get(), &text[0], text.size());
    text.resize(n < 0 ? 0 : size_t(n));
    return text;
}

// mkdir -p, each level private to its user; false when dir cannot be made.
bool make_dirs(const std::string& dir) {
    for (size_t at = 1; at <= dir.size(); at++) {
        if (at < dir.size() && dir[at] != '/') continue;
        std::string part = dir.substr(0, at);
        if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return false;
    }
    struct stat st;
    return stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

bool same_stat(const struct stat& a, const struct stat& b) { return key_line(a) == key_line(b); }

std::string DigestCache::entry_path(const struct stat& st) const {
    char name[80];
    snprintf(name, sizeof name, "/%llx-%llx", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    return dir_ + name;
}

std::string DigestCache::find(const struct stat& st) const {
    if (dir_.empty()) return "";
    // the version, the key, "checked DIGEST", then the SHA-256 of those lines
    const std::string head = kVersion + key_line(st) + "checked ";
    const size_t body = head.size() + kDigestChars + 1;
    const std::string text = read_entry(entry_path(st), body + 65);
    if (text.size() != body + 65 || text.compare(0, head.size(), head) != 0) return "";
    if (text[body - 1] != '\n' || text.back() != '\n') return "";
    if (text.compare(body, 64, sha256_hex(std::string_view(text).substr(0, body))) != 0) return "";
    std::string digest = text.substr(head.size(), kDigestChars);
    return is_digest(digest) ? digest : "";
}

void DigestCache::remember(const Layer& l) const {
    if (dir_.empty() || !is_digest(l.diff_id)) return;
    // a write within the margin could share the times that were hashed
    if (ns(l.seen) - ns(l.st.st_mtim) <= kMarginNs || ns(l.seen) - ns(l.st.st_ctim) <= kMarginNs) return;
    struct stat now;
    if (fstat(l.tar_fd.get(), &now) != 0 || !same_stat(now, l.st)) return;
    std::string body = kVersion + key_line(l.st) + "checked " + l.diff_id + "\n";
    const std::string path = entry_path(l.st);
    struct stat there;
    // AtomicFile writes into what is not a regular file: a FIFO would wait
    if (lstat(path.c_str(), &there) == 0 && !S_ISREG(there.st_mode)) return;
    try {
        if (!make_dirs(dir_)) return;
        AtomicFile f(path, 0600);
        f.writer().write(body + sha256_hex(body) + "\n");
        f.commit();
    } catch (const std::exception&) {
        // an entry not written is a later miss, nothing worse
    }
}

std::string digest_cache_dir(const char* xdg_cache_home, const char* home) {
    std::string base;
    if (xdg_cache_home && xdg_cache_home[0] == '/') base = xdg_cache_home;
    else if (home && home[0] == '/') base = std::string(home) + "/.cache";
    else return "";
    return base + "/redobox/layer-digests";
}

}  // namespace rb
