// image/config.h — the JSON documents of an image archive: the image config
// (from a template), the OCI manifest and index, and Docker's manifest.json
// and repositories. All built with nlohmann-json, never by hand.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "image/layer.h"
#include "image/ref.h"

namespace rb {

// A serialised JSON document and its digest, as a blob of the archive.
struct JsonBlob {
    std::string bytes;
    std::string digest;  // "sha256:HEX"
};
JsonBlob make_blob(std::string bytes);

// Parse a config template. A syntax error becomes
// Error(name, "invalid JSON at line L, column C (byte B): what"); a document
// that is not an object, or whose "config" is not an object, is refused too.
nlohmann::json parse_template(const std::string& text, const std::string& name);

// The platform mkimage runs on, as Go names it ("amd64", "arm64", ...).
std::string host_architecture();

// SOURCE_DATE_EPOCH (unset or empty: 0) as seconds; throws Error on garbage.
long long source_date_epoch(const char* value);

// Seconds since the epoch as RFC 3339 UTC ("1970-01-01T00:00:00Z").
std::string rfc3339(long long seconds);

// The image config: the template's members (unknown ones kept), with
// architecture and os defaulted, created set, rootfs and history describing
// layers. The legacy per-layer members id, parent and Size are dropped.
nlohmann::json build_config(nlohmann::json tmpl, const std::vector<Layer>& layers,
                            long long created);

// The OCI image manifest pointing at the config blob and the layer blobs.
nlohmann::json build_manifest(const JsonBlob& config, const std::vector<Layer>& layers);

// index.json: one manifest descriptor per tag, carrying the annotations that
// containerd (io.containerd.image.name) and OCI tools
// (org.opencontainers.image.ref.name) read; one plain descriptor when untagged.
nlohmann::json build_index(const JsonBlob& manifest, const nlohmann::json& config,
                           const std::vector<ImageRef>& tags);

// Docker's manifest.json: [{"Config", "RepoTags", "Layers"}], paths in the archive.
nlohmann::json build_docker_manifest(const JsonBlob& config, const std::vector<Layer>& layers,
                                     const std::vector<ImageRef>& tags);

// Docker's legacy "repositories": {familiar name: {tag: top layer's diff_id hex}}.
nlohmann::json build_repositories(const std::vector<Layer>& layers,
                                  const std::vector<ImageRef>& tags);

// "blobs/sha256/HEX" for "sha256:HEX"
std::string blob_path(const std::string& digest);

}  // namespace rb
