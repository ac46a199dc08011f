// sbom/image.cc — read an image archive for sbom: the JSON documents in a
// first pass (layers skipped by seeking), then each layer tar, read through
// libarchive from inside the archive, its regular files hashed.
#include "sbom/image.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "error.h"
#include "image/config.h"
#include "input.h"
#include "sha256.h"

namespace rb {

namespace {

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

std::string why(struct archive* a) {
    return archive_error_string(a) ? archive_error_string(a) : "damaged archive";
}

// The outer archive (a plain tar, as mkimage writes it), opened for reading.
ArchivePtr open_outer(const std::string& path) {
    ArchivePtr a(archive_read_new(), archive_read_free);
    if (!a) throw Error(path, "out of memory");
    archive_read_support_format_tar(a.get());
    // what cannot be opened at all is reported as the system says
    close(open_input(path));  // "-" is refused before this
    if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK)
        throw Error(path, "not an image archive: " + why(a.get()));
    return a;
}

// Next header of the outer archive; false at its end.
bool next_outer(struct archive* a, struct archive_entry** e, const std::string& path) {
    const int r = archive_read_next_header(a, e);
    if (r == ARCHIVE_EOF) return false;
    if (r == ARCHIVE_OK || r == ARCHIVE_WARN) return true;
    throw Error(path, "not an image archive: " + why(a));
}

std::string entry_data(struct archive* a, struct archive_entry* e, const std::string& path) {
    std::string data(size_t(archive_entry_size(e)), '\0');
    if (!data.empty() && archive_read_data(a, &data[0], data.size()) != la_ssize_t(data.size()))
        throw Error(path, "damaged image archive: " + why(a));
    return data;
}

// The small members (the JSON documents and config), by name. Bigger ones
// (layers) are skipped: a seek on a regular file.
std::map<std::string, std::string> read_small_members(const std::string& path) {
    constexpr la_int64_t kSmall = 4 << 20;
    ArchivePtr a = open_outer(path);
    std::map<std::string, std::string> members;
    struct archive_entry* e;
    while (next_outer(a.get(), &e, path)) {
        if (archive_entry_filetype(e) == AE_IFREG && archive_entry_size(e) <= kSmall)
            members[archive_entry_pathname(e)] = entry_data(a.get(), e, path);
    }
    return members;
}

nlohmann::json parse_member(const std::map<std::string, std::string>& members,
                            const std::string& name, const std::string& path) {
    auto it = members.find(name);
    if (it == members.end()) throw Error(path, "not an image archive: no " + name);
    nlohmann::json j = nlohmann::json::parse(it->second, nullptr, false);
    if (j.is_discarded()) throw Error(path, "damaged image archive: " + name + " is not JSON");
    return j;
}

std::string string_at(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The layer paths of manifest.json, and the fields of the config it names.
std::vector<std::string> read_documents(const std::string& path, SbomImage& image) {
    auto members = read_small_members(path);
    nlohmann::json manifest = parse_member(members, "manifest.json", path);
    if (!manifest.is_array() || manifest.size() != 1 || !manifest[0].is_object())
        throw Error(path, "not an image archive: manifest.json must list one image");
    const nlohmann::json& m = manifest[0];
    const std::string config_path = string_at(m, "Config");
    auto config_it = members.find(config_path);
    if (config_it == members.end()) throw Error(path, "damaged image archive: no config blob");
    image.config_digest = "sha256:" + sha256_hex(config_it->second);
    if (config_path != blob_path(image.config_digest))
        throw Error(path, "damaged image archive: " + config_path + " does not hold its digest");
    nlohmann::json config = parse_member(members, config_path, path);
    nlohmann::json index = parse_member(members, "index.json", path);
    if (index.contains("manifests") && index["manifests"].is_array() && !index["manifests"].empty())
        image.manifest_digest = string_at(index["manifests"][0], "digest");
    if (m.contains("RepoTags") && m["RepoTags"].is_array())
        for (const auto& t : m["RepoTags"])
            if (t.is_string()) image.tags.push_back(t.get<std::string>());
    image.architecture = string_at(config, "architecture");
    image.os = string_at(config, "os");
    std::vector<std::string> layer_paths;
    if (m.contains("Layers") && m["Layers"].is_array())
        for (const auto& l : m["Layers"]) layer_paths.push_back(l.is_string() ? l.get<std::string>() : "");
    const nlohmann::json* diff_ids = nullptr;
    if (config.contains("rootfs") && config["rootfs"].contains("diff_ids"))
        diff_ids = &config["rootfs"]["diff_ids"];
    if (!diff_ids || !diff_ids->is_array() || diff_ids->size() != layer_paths.size())
        throw Error(path, "damaged image archive: the config's diff_ids do not match the layers");
    for (const auto& d : *diff_ids) {
        image.layers.emplace_back();
        image.layers.back().diff_id = d.is_string() ? d.get<std::string>() : "";
    }
    return layer_paths;
}

// libarchive reading a layer tar out of the outer archive's current member
la_ssize_t read_inner(struct archive*, void* outer, const void** buf) {
    size_t size;
    la_int64_t offset;
    const int r = archive_read_data_block(static_cast<struct archive*>(outer), buf, &size, &offset);
    if (r == ARCHIVE_EOF) return 0;
    return r == ARCHIVE_OK || r == ARCHIVE_WARN ? la_ssize_t(size) : -1;
}

std::string entry_name(struct archive_entry* e) {
    std::string name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
    while (name.size() > 1 && name.back() == '/') name.pop_back();  // tar's directory names
    if (name == "./" || name.empty()) name = ".";
    return name;
}

bool is_whiteout(const std::string& name) {
    const size_t slash = name.rfind('/');
    return name.compare(slash == std::string::npos ? 0 : slash + 1, 4, ".wh.") == 0;
}

std::string hash_data(struct archive* a, const std::string& subject) {
    Sha256 h;
    const void* buf;
    size_t size;
    la_int64_t offset;
    for (;;) {
        const int r = archive_read_data_block(a, &buf, &size, &offset);
        if (r == ARCHIVE_EOF) return to_hex(h.digest());
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) throw Error(subject, "damaged layer: " + why(a));
        h.update(buf, size);
    }
}

// The layer tar the outer archive is positioned at, as .list entries.
std::vector<ListEntry> read_layer(struct archive* outer, const std::string& subject,
                                  std::map<std::string, std::string>& links) {
    ArchivePtr a(archive_read_new(), archive_read_free);
    if (!a) throw Error(subject, "out of memory");
    archive_read_support_format_tar(a.get());
    archive_read_support_filter_gzip(a.get());  // mkimage --gzip
    if (archive_read_open(a.get(), outer, nullptr, read_inner, nullptr) != ARCHIVE_OK)
        throw Error(subject, "damaged layer: " + why(a.get()));
    std::vector<ListEntry> entries;
    std::map<std::string, FileId> by_name;  // for hard links, named by their first path
    struct archive_entry* e;
    for (;;) {
        const int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) throw Error(subject, "damaged layer: " + why(a.get()));
        ListEntry le{entry_name(e), {}};
        if (is_whiteout(le.name)) continue;
        if (const char* target = archive_entry_hardlink(e)) {
            auto it = by_name.find(target);
            if (it == by_name.end()) throw Error(subject, "damaged layer: hard link to an unknown " + std::string(target));
            le.id = it->second;
        } else {
            le.id.mode = mode_t(archive_entry_mode(e));
            le.id.uid = (unsigned long)archive_entry_uid(e);
            le.id.gid = (unsigned long)archive_entry_gid(e);
            if (S_ISREG(le.id.mode)) le.id.digest = hash_data(a.get(), subject + ": " + le.name);
            else le.id.digest = "0";
            if (S_ISLNK(le.id.mode)) {
                const std::string target = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
                le.id.digest = sha256_hex(target);
                links[le.name] = target;
            }
            by_name[archive_entry_pathname(e)] = le.id;
        }
        entries.push_back(std::move(le));
    }
    return entries;
}

bool entry_less(const ListEntry& a, const ListEntry& b) { return a.name < b.name; }

}  // namespace

std::string list_key(std::vector<ListEntry> entries) {
    std::vector<std::string> lines;
    lines.reserve(entries.size());
    for (const ListEntry& e : entries) lines.push_back(format_entry(e));
    std::sort(lines.begin(), lines.end());
    Sha256 h;
    for (const std::string& l : lines) {
        h.update(l);
        h.update("\n");
    }
    return to_hex(h.digest());
}

std::vector<ListEntry> read_list_file(const std::string& path) {
    const std::string text = read_file(path);
    std::vector<ListEntry> entries;
    size_t at = 0, line = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        ++line;
        auto e = parse_entry(std::string_view(text).substr(at, end - at));
        if (!e) throw Error(path + ":" + std::to_string(line), "not a .list line (NAME MODE-UID-GID-DIGEST)");
        entries.push_back(std::move(*e));
        at = end + 1;
    }
    return entries;
}

SbomImage read_sbom_image(const std::string& path) {
    SbomImage image;
    const std::vector<std::string> layer_paths = read_documents(path, image);
    ArchivePtr a = open_outer(path);
    struct archive_entry* e;
    std::vector<bool> done(layer_paths.size(), false);
    while (next_outer(a.get(), &e, path)) {
        const std::string name = archive_entry_pathname(e);
        for (size_t i = 0; i < layer_paths.size(); ++i) {
            if (layer_paths[i] != name || done[i]) continue;
            image.layers[i].entries = read_layer(a.get(), path + ": " + name, image.links);
            std::sort(image.layers[i].entries.begin(), image.layers[i].entries.end(), entry_less);
            image.layers[i].list_key = list_key(image.layers[i].entries);
            done[i] = true;
            // a layer given twice is stored once: copy it to the later places
            for (size_t j = i + 1; j < layer_paths.size(); ++j)
                if (layer_paths[j] == name && !done[j]) {
                    image.layers[j].entries = image.layers[i].entries;
                    image.layers[j].list_key = image.layers[i].list_key;
                    done[j] = true;
                }
            break;
        }
    }
    for (size_t i = 0; i < layer_paths.size(); ++i)
        if (!done[i]) throw Error(path, "damaged image archive: no layer " + layer_paths[i]);
    return image;
}

void match_lists(const SbomImage& image, const std::string& image_path,
                 const std::vector<std::string>& list_paths) {
    std::vector<bool> matched(image.layers.size(), false);
    for (const std::string& path : list_paths) {
        const std::string key = list_key(read_list_file(path));
        size_t i = 0;
        while (i < image.layers.size() && (matched[i] || image.layers[i].list_key != key)) ++i;
        if (i == image.layers.size())
            throw Error(path, "does not belong to the image: no layer of " + image_path +
                                  " holds exactly these files");
        matched[i] = true;
    }
    for (size_t i = 0; i < image.layers.size(); ++i)
        if (!matched[i])
            throw Error(image_path, "layer " + std::to_string(i + 1) + " (" + image.layers[i].diff_id +
                                        ") has no .list among the arguments");
}

}  // namespace rb
