// image/archive.h — one image archive as docker save writes it since Docker
// 25: manifest.json, repositories, oci-layout, index.json and blobs/sha256/
// (config, OCI manifest, layers), loadable by Docker, podman and skopeo.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gzip/gzip.h"
#include "image/config.h"
#include "image/layer.h"
#include "image/ref.h"
#include "image/zstd.h"
#include "output.h"

namespace rb {

class ProgressCounter;

class DigestCache;
class ImageTar;

class ImageArchive {
public:
    ImageArchive(nlohmann::json tmpl, std::vector<ImageRef> tags, long long created);
    ImageArchive(const ImageArchive&) = delete;
    ImageArchive& operator=(const ImageArchive&) = delete;

    // Look layers up in cache when they are added, and record there those
    // checked and hashed (none when not set). A layer found there is
    // neither checked nor hashed again; it is still looked at after it is
    // copied or compressed, and a file changed meanwhile is an error.
    void set_digest_cache(const DigestCache* cache) { cache_ = cache; }

    // A layer tar (base layer first), a regular file, mapped into memory.
    // It is checked and hashed when first needed: by id(), or by write()
    // while it copies it. With gzip or zstd (not both), it is then also
    // compressed into an unnamed temporary file (its diff_id stays the
    // tar's digest). A layer truncated while mapped ends the process with a
    // message and SIGTERM (so the output's temporary is removed).
    void add_layer(const std::string& path, const GzipOptions* gzip = nullptr,
                   const ZstdOptions* zstd = nullptr);

    // Count into progress the layer tar bytes that write() waits for: those
    // compressed, or copied into the archive, and those hashed before they
    // are copied (when the output cannot be patched); not those hashed while
    // they are compressed or copied, nor the compressed blobs. write() sets
    // the total to what it will do.
    void set_progress(ProgressCounter* progress) { progress_ = progress; }

    // "sha256:HEX" of the config bytes: the image ID.
    const std::string& id();

    // The whole archive: blobs/, blobs/sha256/, the layers in the order
    // given (a file given twice is stored once), the config, the OCI
    // manifest, index.json, manifest.json, oci-layout, repositories; every
    // mtime = created. The bytes do not depend on how out is written: into
    // a regular file it can read back, each layer is hashed while it is
    // copied and its header rewritten when the digest that names it is
    // known; otherwise every layer is hashed first.
    void write(Writer& out);

private:
    // A layer header written under a placeholder name, at offset at of the tar.
    struct Patch {
        unsigned long long at;
        const Layer* layer;
    };
    void hashed(Layer& l, std::string diff_id);
    void hash_layer(Layer& l);
    void compress_pending();
    unsigned long long bytes_to_compress() const;
    unsigned long long bytes_to_copy(bool hash_while_copying) const;
    void build();
    long long prepare(Writer& out);
    std::vector<Patch> write_layers(ImageTar& tar);
    void write_documents(ImageTar& tar);
    void patch_headers(Writer& out, long long base, const std::vector<Patch>& patches) const;

    nlohmann::json tmpl_;
    std::vector<ImageRef> tags_;
    long long created_;
    std::vector<Layer> layers_;
    const DigestCache* cache_ = nullptr;
    ProgressCounter* progress_ = nullptr;
    bool built_ = false;
    JsonBlob config_, manifest_;
    std::string index_, docker_manifest_, repositories_;
};

}  // namespace rb
