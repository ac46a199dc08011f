// image_template.cc — fuzz the config template reader mkimage uses
// (parse_template): any bytes either parse or throw rb::Error; what parses
// is built into a config, manifest, index and manifest.json as
// ImageArchive::build does, and the config must read back as itself.
#include <cstdlib>
#include <string>
#include <vector>

#include "error.h"
#include "image/config.h"
#include "image/ref.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using nlohmann::json;
    static const std::vector<rb::ImageRef> tags = {rb::parse_image_ref("fuzz:latest")};
    std::string text(reinterpret_cast<const char*>(data), size);
    json tmpl;
    try {
        tmpl = rb::parse_template(text, "fuzz");
    } catch (const rb::Error&) {
        return 0;
    }
    std::vector<rb::Layer> layers(2);
    for (rb::Layer& layer : layers) {
        layer.diff_id = layer.digest = "sha256:" + std::string(64, 'a');
        layer.size = 1024;
        layer.name = "layer.tar";
    }
    json config = rb::build_config(tmpl, layers, 86400);
    rb::JsonBlob blob = rb::make_blob(config.dump());
    rb::JsonBlob manifest = rb::make_blob(rb::build_manifest(blob, layers).dump());
    rb::build_index(manifest, config, tags).dump();
    rb::build_docker_manifest(blob, layers, tags).dump();
    rb::build_repositories(layers, tags).dump();
    if (json::parse(blob.bytes) != config) abort();
    if (config["created"] != "1970-01-02T00:00:00Z" || !config["config"].is_object()) abort();
    return 0;
}
