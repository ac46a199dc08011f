// redo/record.cc — fingerprints and the text form of records.
#include "redo/record.h"

#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace rb::redo {

const char* const kRacy = "racy";
const char* const kFailedVersion = "-";

static char* put_hex(char* p, unsigned long long v) {
    char buf[16];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    while (n) *p++ = buf[--n];
    return p;
}

std::string fingerprint(const struct stat& st) {
    unsigned long long fields[] = {
        (unsigned long long)st.st_mtim.tv_sec, (unsigned long long)st.st_mtim.tv_nsec,
        (unsigned long long)st.st_ctim.tv_sec, (unsigned long long)st.st_ctim.tv_nsec,
        (unsigned long long)st.st_size,        (unsigned long long)st.st_ino,
        (unsigned long long)st.st_mode};
    char buf[7 * 17], *p = buf;
    for (unsigned long long f : fields) {
        if (p != buf) *p++ = '.';
        p = put_hex(p, f);
    }
    return std::string(buf, size_t(p - buf));
}

static bool not_after(const timespec& a, const timespec& b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

bool is_racy(const struct stat& st) {
    // File times come from the coarse clock (or finer, never earlier): once
    // it has moved past them, any later write gets a different time.
    timespec now;
    clock_gettime(CLOCK_REALTIME_COARSE, &now);
    return not_after(now, st.st_mtim) || not_after(now, st.st_ctim);
}

std::string random_token() {
    unsigned char bytes[16];
    size_t got = 0;
    while (got < sizeof bytes) {
        ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            // no entropy source: time and pid still make a run unique enough
            unsigned long long t = (unsigned long long)
                std::chrono::steady_clock::now().time_since_epoch().count();
            for (size_t i = got; i < sizeof bytes; i++) bytes[i] = (unsigned char)(t >> (8 * (i % 8)) ^ getpid());
            break;
        }
        got += size_t(n);
    }
    static const char hex[] = "0123456789abcdef";
    std::string s;
    for (unsigned char b : bytes) {
        s += hex[b >> 4];
        s += hex[b & 15];
    }
    return s;
}

std::string format_dep(const Dep& d) {
    switch (d.kind) {
    case Dep::Source: return "s " + d.fp + " " + d.version + " " + d.path + "\n";
    case Dep::Target: return "t " + d.version + " " + d.path + "\n";
    case Dep::IfCreate: return "c " + d.path + "\n";
    }
    return "";
}

std::string format_record(const Record& r) {
    if (r.kind == Record::Source) return "redo-source1 " + r.fp + " " + r.hash + "\n";
    std::string text = "redo-target1 " + r.run + " " + r.version + " " + r.fp + "\n";
    if (r.always) text += "a\n";
    if (!r.stamp.empty()) text += "S " + r.stamp + "\n";
    for (const Dep& d : r.deps) text += format_dep(d);
    return text;
}

// Split off the next space-separated word of line; false when none is left.
static bool word(std::string_view& line, std::string& out) {
    size_t sp = line.find(' ');
    if (sp == 0 || line.empty()) return false;
    out.assign(line.substr(0, sp));
    line = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    return true;
}

bool parse_dep_lines(std::string_view text, Record& r) {
    while (!text.empty()) {
        size_t nl = text.find('\n');
        if (nl == std::string_view::npos) return false;  // a torn last line
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl + 1);
        if (line.size() < 1) return false;
        char tag = line[0];
        if (line.size() > 1 && line[1] != ' ') return false;
        line.remove_prefix(line.size() > 1 ? 2 : 1);
        Dep d;
        switch (tag) {
        case 'a': r.always = true; continue;
        case 'S':
            if (line.empty()) return false;
            r.stamp.assign(line);
            continue;
        case 's':
            d.kind = Dep::Source;
            if (!word(line, d.fp) || !word(line, d.version)) return false;
            break;
        case 't':
            d.kind = Dep::Target;
            if (!word(line, d.version)) return false;
            break;
        case 'c': d.kind = Dep::IfCreate; break;
        default: return false;
        }
        if (line.empty()) return false;
        d.path.assign(line);
        r.deps.push_back(std::move(d));
    }
    return true;
}

bool parse_record(std::string_view text, Record& r) {
    r = Record();
    size_t nl = text.find('\n');
    std::string_view head = text.substr(0, nl);
    std::string magic;
    bool ok = nl != std::string_view::npos && word(head, magic);
    if (ok && magic == "redo-source1") {
        r.kind = Record::Source;
        ok = word(head, r.fp) && word(head, r.hash) && head.empty();
        if (ok) return text.size() == nl + 1;
    } else if (ok && magic == "redo-target1") {
        r.kind = Record::Target;
        ok = word(head, r.run) && word(head, r.version) && word(head, r.fp) && head.empty() &&
             parse_dep_lines(text.substr(nl + 1), r);
        if (ok) return true;
    }
    r = Record();
    r.kind = Record::Target;
    r.fp = "?";  // matches no file: rebuild
    r.version = kFailedVersion;
    return false;
}

}  // namespace rb::redo
