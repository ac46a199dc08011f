// sbom/image.h — what an SBOM needs of an image archive made by mkimage: its
// name and digests, and every layer's entries as .list lines, read from the
// layer tars themselves (each regular file hashed), so a .list can be matched
// to its layer exactly.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "tree/file_list.h"

namespace rb {

struct SbomLayer {
    std::string diff_id;               // "sha256:HEX", from the config's rootfs
    std::vector<ListEntry> entries;    // as .list lines, sorted; whiteouts left out
    std::string list_key;              // SHA-256 of the sorted lines: see list_key()
};

struct SbomImage {
    std::vector<std::string> tags;     // RepoTags ("redobox/debian:latest"), maybe none
    std::string config_digest;         // "sha256:HEX": the image ID
    std::string manifest_digest;       // "sha256:HEX" of the OCI manifest (index.json)
    std::string architecture, os;      // from the config
    std::vector<SbomLayer> layers;     // base first
    std::map<std::string, std::string> links;  // every symlink's target, by .list name
};

// Read the image archive at path (a tar holding manifest.json, index.json
// and blobs/sha256/). Throws Error(path, "not an image archive: ...") when it
// is not one, and Error(path, ...) when a blob is missing or damaged.
SbomImage read_sbom_image(const std::string& path);

// The key a list of entries is matched by: the SHA-256 of its lines
// ("NAME ID\n") sorted bytewise. Two lists with the same key name the same
// files with the same modes, owners and content digests.
std::string list_key(std::vector<ListEntry> entries);

// The entries of the .list file at path (lines as fileids writes them).
// Throws Error("PATH:LINE", ...) on a line that is not a .list line.
std::vector<ListEntry> read_list_file(const std::string& path);

// Match each .list file to the layer it lists (by list_key; a list given
// twice, or two lists of one content, take layers in order). Throws
// Error(list, "does not belong to the image: ...") for a list no unmatched
// layer holds, and Error(image_path, ...) for a layer no list was given for.
void match_lists(const SbomImage& image, const std::string& image_path,
                 const std::vector<std::string>& list_paths);

}  // namespace rb
