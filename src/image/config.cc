// image/config.cc — the image config from a template, and the manifests and
// indexes that point at it, as the OCI image spec and docker save lay them out.
#include "image/config.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "error.h"
#include "sha256.h"
#include "source_date.h"

namespace rb {

using nlohmann::json;

namespace {
const char kConfigType[] = "application/vnd.oci.image.config.v1+json";
const char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";
const char kIndexType[] = "application/vnd.oci.image.index.v1+json";
const char kLayerType[] = "application/vnd.oci.image.layer.v1.tar";
const char kGzipLayerType[] = "application/vnd.oci.image.layer.v1.tar+gzip";
const char kZstdLayerType[] = "application/vnd.oci.image.layer.v1.tar+zstd";

const char* layer_type(Compression c) {
    return c == Compression::gzip ? kGzipLayerType : c == Compression::zstd ? kZstdLayerType : kLayerType;
}

// Deeper than this a template is refused: nlohmann::json parses and frees
// without recursion, but copies and serialises recursively, so a template
// nested ~100,000 deep would overflow mkimage's stack. No config nests past 5.
const int kMaxDepth = 1000;

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax
// error ..." -> "syntax error ..."; "[json.exception.out_of_range.406] number
// overflow ..." -> "number overflow ..."
std::string json_error_reason(const std::string& what) {
    size_t start = what.compare(0, 1, "[") == 0 ? what.find("] ") : std::string::npos;
    std::string reason = start == std::string::npos ? what : what.substr(start + 2);
    size_t colon = reason.compare(0, 11, "parse error") == 0 ? reason.find(": ") : std::string::npos;
    return colon == std::string::npos ? reason : reason.substr(colon + 2);
}

// Why and where json::parse refused a text. Its exception for a number too
// large for a double (out_of_range) carries no position; the SAX interface
// gets one for every failure, so the text is read once more through it.
class JsonFailure : public nlohmann::json_sax<json> {
public:
    explicit JsonFailure(const std::string& text) { json::sax_parse(text, this); }
    size_t at = 0;  // the byte the failure is at
    std::string reason = "invalid JSON";

    bool parse_error(size_t position, const std::string& token, const json::exception& e) override {
        reason = json_error_reason(e.what());
        // a number too large is known once read: point at its start; else
        // position counts from 1 and names the character that could not be read
        if (e.id == 406)
            at = position >= token.size() ? position - token.size() : 0;
        else
            at = position ? position - 1 : 0;
        return false;
    }
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(size_t) override { return true; }
    bool end_array() override { return true; }
};

// The offset of the first [ or { that opens a level deeper than kMaxDepth in
// valid JSON text, or npos.
size_t too_deep(const std::string& text) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;  // an escape: the next character does not end the string
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth) return i;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return std::string::npos;
}

// "line L, column C (byte B)" for offset pos of text
std::string where(const std::string& text, size_t pos) {
    pos = std::min(pos, text.size());
    size_t line = 1, line_start = 0;
    for (size_t i = 0; i < pos; i++)
        if (text[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    return "line " + std::to_string(line) + ", column " + std::to_string(pos - line_start + 1) +
           " (byte " + std::to_string(pos) + ")";
}
}  // namespace

JsonBlob make_blob(std::string bytes) {
    JsonBlob b;
    b.digest = "sha256:" + sha256_hex(bytes);
    b.bytes = std::move(bytes);
    return b;
}

std::string blob_path(const std::string& digest) {
    size_t colon = digest.find(':');
    return "blobs/" + digest.substr(0, colon) + "/" + digest.substr(colon + 1);
}

json parse_template(const std::string& text, const std::string& name) {
    json t;
    try {
        t = json::parse(text);
    } catch (const json::exception&) {
        // a parse_error, or out_of_range for a number too large for a double
        JsonFailure f(text);
        throw Error(name, "invalid JSON at " + where(text, f.at) + ": " + f.reason);
    }
    size_t deep = too_deep(text);
    if (deep != std::string::npos)
        throw Error(name, "JSON nested more than " + std::to_string(kMaxDepth) + " levels deep at " +
                              where(text, deep));
    if (!t.is_object()) throw Error(name, "the template must be a JSON object");
    if (t.contains("config") && !t["config"].is_object() && !t["config"].is_null())
        throw Error(name, "\"config\" must be an object");
    for (const char* key : {"architecture", "os", "variant"})
        if (t.contains(key) && !t[key].is_string())
            throw Error(name, std::string("\"") + key + "\" must be a string");
    return t;
}

std::string host_architecture() {
    struct utsname u;
    std::string m = uname(&u) == 0 ? u.machine : "";
    if (m == "x86_64") return "amd64";
    if (m == "aarch64" || m == "arm64") return "arm64";
    if (m.compare(0, 3, "arm") == 0) return "arm";
    if (m == "i386" || m == "i486" || m == "i586" || m == "i686") return "386";
    if (m == "ppc64le" || m == "s390x" || m == "riscv64" || m == "mips64") return m;
    if (m == "loongarch64") return "loong64";
#if defined(__x86_64__)
    return "amd64";
#elif defined(__aarch64__)
    return "arm64";
#else
    return m.empty() ? "unknown" : m;
#endif
}

long long source_date_epoch(const char* value) {
    // 253402300799 is 9999-12-31T23:59:59Z, the last time RFC 3339 can write
    return parse_source_date_epoch(value, 253402300799LL);
}

std::string rfc3339(long long seconds) {
    time_t t = static_cast<time_t>(seconds);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

json build_config(json tmpl, const std::vector<Layer>& layers, long long created) {
    // What describes one legacy v1 layer, not the image, would only mislead.
    for (const char* key : {"id", "parent", "Size"}) tmpl.erase(key);
    if (!tmpl.contains("architecture")) {
        tmpl["architecture"] = host_architecture();
        if (tmpl["architecture"] == "arm" && !tmpl.contains("variant")) tmpl["variant"] = "v7";
    }
    if (!tmpl.contains("os")) tmpl["os"] = "linux";
    if (!tmpl.contains("config") || tmpl["config"].is_null()) tmpl["config"] = json::object();
    tmpl["created"] = rfc3339(created);
    json diff_ids = json::array(), history = json::array();
    for (const Layer& l : layers) {
        diff_ids.push_back(l.diff_id);
        // no per-entry time: SOURCE_DATE_EPOCH then changes one member only
        history.push_back({{"created_by", "mkimage " + l.name}});
    }
    tmpl["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
    tmpl["history"] = history;
    return tmpl;
}

json build_manifest(const JsonBlob& config, const std::vector<Layer>& layers) {
    json descs = json::array();
    for (const Layer& l : layers)
        descs.push_back({{"mediaType", layer_type(l.compression)},
                         {"digest", l.digest},
                         {"size", l.size}});
    return {{"schemaVersion", 2},
            {"mediaType", kManifestType},
            {"config", {{"mediaType", kConfigType},
                        {"digest", config.digest},
                        {"size", config.bytes.size()}}},
            {"layers", descs}};
}

json build_index(const JsonBlob& manifest, const json& config, const std::vector<ImageRef>& tags) {
    json platform = {{"architecture", config.value("architecture", "")},
                     {"os", config.value("os", "")}};
    if (config.contains("variant")) platform["variant"] = config["variant"];
    json base = {{"mediaType", kManifestType},
                 {"digest", manifest.digest},
                 {"size", manifest.bytes.size()},
                 {"platform", platform}};
    json descs = json::array();
    for (const ImageRef& r : tags) {
        json d = base;
        d["annotations"] = {{"io.containerd.image.name", r.full()},
                            {"org.opencontainers.image.ref.name", r.tag}};
        descs.push_back(d);
    }
    if (tags.empty()) descs.push_back(base);
    return {{"schemaVersion", 2}, {"mediaType", kIndexType}, {"manifests", descs}};
}

json build_docker_manifest(const JsonBlob& config, const std::vector<Layer>& layers,
                           const std::vector<ImageRef>& tags) {
    json repo_tags = nullptr;  // what docker save writes for an untagged image
    for (const ImageRef& r : tags) repo_tags.push_back(r.familiar());
    json paths = json::array();
    for (const Layer& l : layers) paths.push_back(blob_path(l.digest));
    return json::array(
        {{{"Config", blob_path(config.digest)}, {"RepoTags", repo_tags}, {"Layers", paths}}});
}

json build_repositories(const std::vector<Layer>& layers, const std::vector<ImageRef>& tags) {
    json repos = json::object();
    const std::string& top = layers.back().diff_id;
    for (const ImageRef& r : tags) repos[r.familiar_name()][r.tag] = top.substr(top.find(':') + 1);
    return repos;
}

}  // namespace rb
