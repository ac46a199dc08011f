// image/ref.cc — the reference grammar (distribution/reference) for NAME[:TAG],
// and Docker's normalisation of a name to docker.io/library/NAME:latest.
#include "image/ref.h"

#include <cctype>
#include <vector>

#include "error.h"

namespace rb {

namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | __ | [-]+
bool valid_path_component(const std::string& s) {
    size_t i = 0, n = s.size();
    for (;;) {
        size_t start = i;
        while (i < n && is_lower_alnum(s[i])) i++;
        if (i == start) return false;
        if (i == n) return true;
        size_t sep = i;
        while (i < n && !is_lower_alnum(s[i])) i++;
        std::string separator = s.substr(sep, i - sep);
        bool ok = separator == "." || separator == "_" || separator == "__" ||
                  separator.find_first_not_of('-') == std::string::npos;
        if (!ok) return false;
    }
}

// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool valid_domain_component(const std::string& s) {
    if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
    for (char c : s)
        if (!is_alnum(c) && c != '-') return false;
    return true;
}

// host [':' port], host := domain-name | '[' IPv6 ']'
bool valid_domain(const std::string& d) {
    std::string host = d, port;
    if (!d.empty() && d[0] == '[') {
        size_t close = d.find(']');
        if (close == std::string::npos || close == 1) return false;
        for (size_t i = 1; i < close; i++)
            if (!std::isxdigit(static_cast<unsigned char>(d[i])) && d[i] != ':') return false;
        host.clear();
        if (close + 1 < d.size()) {
            if (d[close + 1] != ':') return false;
            port = d.substr(close + 2);
            if (port.empty()) return false;
        }
    } else {
        size_t colon = d.find(':');
        if (colon != std::string::npos) {
            host = d.substr(0, colon);
            port = d.substr(colon + 1);
            if (port.empty()) return false;
        }
        size_t start = 0;
        for (;;) {
            size_t dot = host.find('.', start);
            if (!valid_domain_component(host.substr(start, dot - start))) return false;
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
    }
    for (char c : port)
        if (c < '0' || c > '9') return false;
    return true;
}

// tag := [\w][\w.-]{0,127}
bool valid_tag(const std::string& t) {
    if (t.empty() || t.size() > 128) return false;
    for (size_t i = 0; i < t.size(); i++) {
        char c = t[i];
        bool word = is_alnum(c) || c == '_';
        if (!word && (i == 0 || (c != '.' && c != '-'))) return false;
    }
    return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        size_t p = s.find(sep, start);
        parts.push_back(s.substr(start, p - start));
        if (p == std::string::npos) return parts;
        start = p + 1;
    }
}

}  // namespace

ImageRef parse_image_ref(const std::string& text) {
    auto invalid = [&](const std::string& why) { return Error(text, "invalid image name: " + why); };
    if (text.empty()) throw invalid("empty");
    if (text.find('@') != std::string::npos) throw invalid("a digest is not a tag");

    std::string name = text, tag;
    size_t colon = text.rfind(':'), slash = text.rfind('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
        name = text.substr(0, colon);
        tag = text.substr(colon + 1);
        if (!valid_tag(tag))
            throw invalid("the tag must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -");
    }
    if (name.size() > 255) throw invalid("longer than 255 characters");

    ImageRef ref;
    std::vector<std::string> parts = split(name, '/');
    const std::string& first = parts[0];
    bool lower = true;
    for (char c : first) lower = lower && !std::isupper(static_cast<unsigned char>(c));
    if (parts.size() > 1 && (first.find_first_of(".:") != std::string::npos ||
                             first == "localhost" || !lower)) {
        if (!valid_domain(first)) throw invalid("bad registry host '" + first + "'");
        ref.domain = first;
        parts.erase(parts.begin());
    }
    for (const std::string& p : parts) {
        for (char c : p)
            if (std::isupper(static_cast<unsigned char>(c)))
                throw invalid("repository names must be lowercase");
        if (!valid_path_component(p))
            throw invalid("each /-separated part must be [a-z0-9] runs joined by ., _, __ or -");
        if (!ref.path.empty()) ref.path += '/';
        ref.path += p;
    }

    if (ref.domain.empty() || ref.domain == "index.docker.io") ref.domain = "docker.io";
    if (ref.domain == "docker.io" && ref.path.find('/') == std::string::npos)
        ref.path = "library/" + ref.path;
    ref.tag = tag.empty() ? "latest" : tag;
    return ref;
}

std::string ImageRef::full() const { return domain + "/" + path + ":" + tag; }

std::string ImageRef::familiar_name() const {
    if (domain != "docker.io") return domain + "/" + path;
    const std::string library = "library/";
    if (path.compare(0, library.size(), library) == 0 &&
        path.find('/', library.size()) == std::string::npos)
        return path.substr(library.size());
    return path;
}

std::string ImageRef::familiar() const { return familiar_name() + ":" + tag; }

}  // namespace rb
