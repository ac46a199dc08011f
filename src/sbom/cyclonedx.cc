// sbom/cyclonedx.cc — the CycloneDX document, built with nlohmann-json.
#include "sbom/cyclonedx.h"

#include <nettle/sha1.h>
#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <set>

#include "image/config.h"
#include "sha256.h"

namespace rb {

using json = nlohmann::json;

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    size_t at = 0;
    while (at <= path.size()) {
        size_t end = path.find('/', at);
        if (end == std::string::npos) end = path.size();
        if (end > at) parts.push_back(path.substr(at, end - at));
        at = end + 1;
    }
    return parts;
}

std::string join_list_name(const std::vector<std::string>& parts) {
    std::string out = ".";
    for (const std::string& p : parts) out += "/" + p;
    return out;
}

// The image's name and tag for the metadata component: its first tag, else its ID.
void image_name(const SbomImage& image, std::string& name, std::string& tag) {
    name = image.config_digest;
    tag = image.config_digest;
    if (image.tags.empty()) return;
    const std::string& t = image.tags[0];
    const size_t slash = t.rfind('/'), colon = t.rfind(':');
    const bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    name = has_tag ? t.substr(0, colon) : t;
    tag = has_tag ? t.substr(colon + 1) : "latest";
}

std::string oci_purl(const SbomImage& image, const std::string& name, const std::string& tag) {
    const std::string& digest = image.manifest_digest.empty() ? image.config_digest : image.manifest_digest;
    const size_t slash = name.rfind('/');
    std::string last = slash == std::string::npos ? name : name.substr(slash + 1);
    std::transform(last.begin(), last.end(), last.begin(), [](unsigned char c) { return std::tolower(c); });
    if (image.tags.empty()) last = "image";
    std::string purl = "pkg:oci/" + purl_encode(last) + "@" + purl_encode(digest);
    std::string q;
    if (!image.architecture.empty()) q += "&arch=" + purl_encode(image.architecture);
    if (!image.tags.empty()) q += "&repository_url=" + purl_encode(name) + "&tag=" + purl_encode(tag);
    return q.empty() ? purl : purl + "?" + q.substr(1);
}

json property(const std::string& name, const std::string& value) {
    return {{"name", name}, {"value", value}};
}

json party(const std::string& name, const SbomParties& p) {
    json e = {{"name", name}};
    if (!p.url.empty()) e["url"] = json::array({p.url});
    if (p.contact.find('@') != std::string::npos && p.contact.find(':') == std::string::npos)
        e["contact"] = json::array({json{{"email", p.contact}}});
    return e;
}

json image_component(const SbomInput& in, const std::string& ref) {
    const SbomImage& image = *in.image;
    std::string name, tag;
    image_name(image, name, tag);
    json c = {{"type", "container"}, {"bom-ref", ref}, {"name", name}, {"version", tag},
              {"purl", oci_purl(image, name, tag)}};
    if (!in.parties.supplier.empty()) c["supplier"] = party(in.parties.supplier, in.parties);
    if (!in.parties.manufacturer.empty()) c["manufacturer"] = party(in.parties.manufacturer, in.parties);
    if (!in.parties.contact.empty()) {
        const bool email = in.parties.contact.find(':') == std::string::npos;
        c["externalReferences"] = json::array(
            {{{"type", "security-contact"}, {"url", (email ? "mailto:" : "") + in.parties.contact}}});
    }
    json props = json::array({property("oci:image:id", image.config_digest)});
    if (!image.manifest_digest.empty()) props.push_back(property("oci:image:manifest", image.manifest_digest));
    if (!image.os.empty()) props.push_back(property("oci:image:os", image.os));
    for (const std::string& t : image.tags) props.push_back(property("oci:image:tag", t));
    for (size_t i = 0; i < image.layers.size(); ++i)
        props.push_back(property("oci:image:layer:" + std::to_string(i + 1), image.layers[i].diff_id));
    c["properties"] = props;
    return c;
}

std::string package_ref(const DebPackage& p) { return "deb:" + p.name + ":" + p.arch; }

json package_component(const DebPackage& p, const OsRelease& os) {
    json c = {{"type", "library"}, {"bom-ref", package_ref(p)}, {"name", p.name}, {"version", p.version},
              {"purl", deb_purl(p, os)}};
    if (!p.maintainer.empty()) c["publisher"] = p.maintainer;
    if (!p.description.empty()) c["description"] = p.description;
    // NOASSERTION (SPDX's word): the tree's copyright file states no license
    // that can be read without guessing, or there is none
    json l = json::array();
    for (const std::string& name : p.licenses)
        l.push_back({{"license", {{"name", name}, {"acknowledgement", "declared"}}}});
    if (l.empty()) l.push_back({{"license", {{"name", "NOASSERTION"}}}});
    c["licenses"] = l;
    if (p.homepage.rfind("http", 0) == 0)
        c["externalReferences"] = json::array({{{"type", "website"}, {"url", p.homepage}}});
    c["properties"] = json::array({property("deb:architecture", p.arch), property("deb:source", p.source),
                                   property("deb:source-version", p.source_version)});
    return c;
}

std::string file_ref(size_t layer, const std::string& name) {
    return "file:" + std::to_string(layer + 1) + ":" + name.substr(1);
}

json file_component(const SbomLayer& layer, size_t index, const ListEntry& e) {
    char mode[16];
    snprintf(mode, sizeof mode, "%04o", unsigned(e.id.mode & 07777));
    return {{"type", "file"},
            {"bom-ref", file_ref(index, e.name)},
            {"name", e.name.substr(1)},
            {"hashes", json::array({{{"alg", "SHA-256"}, {"content", e.id.digest}}})},
            {"properties", json::array({property("oci:image:layer", layer.diff_id),
                                        property("file:mode", mode),
                                        property("file:owner", std::to_string(e.id.uid) + ":" +
                                                                   std::to_string(e.id.gid))})}};
}

// The packages' files as .list names, each with the packages that own it.
std::map<std::string, std::vector<size_t>> owners_by_name(const SbomInput& in) {
    std::map<std::string, std::vector<size_t>> owners;
    if (!in.packages) return owners;
    for (size_t i = 0; i < in.packages->size(); ++i)
        for (const std::string& f : (*in.packages)[i].files) {
            std::vector<size_t>& o = owners[resolve_dirs(f, in.image->links)];
            if (o.empty() || o.back() != i) o.push_back(i);
        }
    return owners;
}

json metadata(const SbomInput& in, const std::string& image_ref) {
    json m = {{"timestamp", rfc3339(in.created)},
              {"lifecycles", json::array({{{"phase", "build"}}})},
              {"tools", {{"components", json::array({{{"type", "application"},
                                                       {"name", "redobox"},
                                                       {"version", in.tool_version}}})}}},
              {"component", image_component(in, image_ref)}};
    if (!in.parties.supplier.empty()) m["supplier"] = party(in.parties.supplier, in.parties);
    if (!in.parties.manufacturer.empty()) m["manufacturer"] = party(in.parties.manufacturer, in.parties);
    return m;
}

}  // namespace

std::string resolve_dirs(const std::string& path, const std::map<std::string, std::string>& links) {
    std::vector<std::string> parts = split_path(path);
    if (parts.empty()) return ".";
    const std::string last = parts.back();
    std::deque<std::string> todo(parts.begin(), parts.end() - 1);
    std::vector<std::string> done;
    int hops = 0;
    while (!todo.empty()) {
        const std::string c = todo.front();
        todo.pop_front();
        if (c == ".") continue;
        if (c == "..") {
            if (!done.empty()) done.pop_back();
            continue;
        }
        done.push_back(c);
        auto it = links.find(join_list_name(done));
        if (it == links.end() || ++hops > 40) continue;
        done.pop_back();
        if (!it->second.empty() && it->second[0] == '/') done.clear();
        const std::vector<std::string> t = split_path(it->second);
        todo.insert(todo.begin(), t.begin(), t.end());
    }
    done.push_back(last);
    return join_list_name(done);
}

std::string name_uuid(const std::string& name) {
    // the namespace: name_uuid's own bytes, fixed once (a random v4 UUID)
    static const unsigned char ns[16] = {0x3b, 0x6f, 0x2d, 0x1e, 0x9a, 0x47, 0x4c, 0x52,
                                         0x8e, 0x21, 0x5d, 0x70, 0xc4, 0x19, 0xa6, 0x0b};
    sha1_ctx ctx;
    sha1_init(&ctx);
    sha1_update(&ctx, sizeof ns, ns);
    sha1_update(&ctx, name.size(), reinterpret_cast<const uint8_t*>(name.data()));
    unsigned char d[SHA1_DIGEST_SIZE];
    sha1_digest(&ctx, sizeof d, d);
    d[6] = (d[6] & 0x0f) | 0x50;  // version 5
    d[8] = (d[8] & 0x3f) | 0x80;  // RFC 9562 variant
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[d[i] >> 4];
        out += hex[d[i] & 15];
    }
    return out;
}

json build_cyclonedx(const SbomInput& in) {
    const SbomImage& image = *in.image;
    const std::string image_ref = "image:" + image.config_digest;
    json components = json::array();
    std::vector<std::vector<std::string>> package_files;
    if (in.packages) {
        for (const DebPackage& p : *in.packages) components.push_back(package_component(p, in.os));
        package_files.resize(in.packages->size());
    }
    const auto owners = owners_by_name(in);
    std::vector<std::string> image_deps;
    if (in.packages)
        for (const DebPackage& p : *in.packages) image_deps.push_back(package_ref(p));
    for (size_t l = 0; l < image.layers.size(); ++l)
        for (const ListEntry& e : image.layers[l].entries) {
            if (!S_ISREG(e.id.mode)) continue;
            components.push_back(file_component(image.layers[l], l, e));
            auto it = owners.find(e.name);
            if (it == owners.end()) image_deps.push_back(file_ref(l, e.name));
            else
                for (size_t p : it->second) package_files[p].push_back(file_ref(l, e.name));
        }
    json deps = json::array({{{"ref", image_ref}, {"dependsOn", image_deps}}});
    for (size_t p = 0; p < package_files.size(); ++p)
        deps.push_back({{"ref", package_ref((*in.packages)[p])}, {"dependsOn", package_files[p]}});
    return {{"bomFormat", "CycloneDX"},
            {"specVersion", "1.6"},
            {"serialNumber", "urn:uuid:" + name_uuid("sbom " + image.config_digest + " " + image.manifest_digest)},
            {"version", 1},
            {"metadata", metadata(in, image_ref)},
            {"components", components},
            {"dependencies", deps}};
}

}  // namespace rb
