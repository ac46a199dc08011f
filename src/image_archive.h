// image_archive.h — one image archive as docker save writes it since Docker
// 25: manifest.json, repositories, oci-layout, index.json and blobs/sha256/
// (config, OCI manifest, layers), loadable by Docker, podman and skopeo.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "gzip.h"
#include "image_config.h"
#include "image_ref.h"
#include "output.h"

namespace rb {

class ImageArchive {
public:
    ImageArchive(nlohmann::json tmpl, std::vector<ImageRef> tags, long long created);
    ImageArchive(const ImageArchive&) = delete;
    ImageArchive& operator=(const ImageArchive&) = delete;
    ~ImageArchive();

    // Check and hash the layer tar at path (base layer first); it is read
    // again when the archive is written. With gzip, the blob stored is the
    // tar compressed into an unnamed temporary file (its diff_id stays the
    // tar's digest).
    void add_layer(const std::string& path, const GzipOptions* gzip = nullptr);

    // "sha256:HEX" of the config bytes: the image ID.
    const std::string& id();
    const std::string& config_bytes();

    // The whole archive, entries in name order as docker save has them,
    // every mtime = created.
    void write(Writer& out);

private:
    struct Layer {
        LayerBlob blob;
        int fd;            // the blob's bytes, read from offset 0
        std::string path;  // for errors
    };
    void build();

    nlohmann::json tmpl_;
    std::vector<ImageRef> tags_;
    long long created_;
    std::vector<Layer> layers_;
    bool built_ = false;
    JsonBlob config_, manifest_;
    std::string index_, docker_manifest_, repositories_;
};

}  // namespace rb
