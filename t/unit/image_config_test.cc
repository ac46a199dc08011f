// image_config_test.cc — config templates and the image JSON documents.
#include <catch2/catch.hpp>

#include "error.h"
#include "helpers.h"
#include "image/config.h"
#include "image/ref.h"

using namespace rb;
using nlohmann::json;

static std::string template_error(const std::string& text) {
    auto e = rbtest::error_of([&] { parse_template(text, "t.json"); });
    return e ? e->subject() + ": " + e->reason() : "valid";
}

TEST_CASE("templates: syntax errors say where") {
    CHECK(template_error("{\"a\": 1,\n \"b\" 2}") ==
          "t.json: invalid JSON at line 2, column 6 (byte 14): syntax error while parsing object "
          "separator - unexpected number literal; expected ':'");
    CHECK(template_error("") ==
          "t.json: invalid JSON at line 1, column 1 (byte 0): syntax error while parsing value - "
          "unexpected end of input; expected '[', '{', or a literal");
    CHECK(template_error("{}\n{}") ==
          "t.json: invalid JSON at line 2, column 1 (byte 3): syntax error while parsing value - "
          "unexpected '{'; expected end of input");
    CHECK(template_error("\"text\"") == "t.json: the template must be a JSON object");
    CHECK(template_error("{\"config\": 1}") == "t.json: \"config\" must be an object");
    CHECK(template_error("{\"os\": 1}") == "t.json: \"os\" must be a string");
    CHECK(template_error("{\"config\": null}") == "valid");
}

// Found by t/fuzz/image_template: json::parse throws out_of_range, not
// parse_error, for a number too large for a double; it escaped as an
// uncaught exception and mkimage aborted.
TEST_CASE("templates: a number too large for a double is an error that says where") {
    CHECK(template_error("{\"a\": 1e400}") ==
          "t.json: invalid JSON at line 1, column 7 (byte 6): number overflow parsing '1e400'");
    CHECK(template_error("{\"Future\": [1,\n -2.5e373709551615]}") ==
          "t.json: invalid JSON at line 2, column 2 (byte 16): number overflow parsing "
          "'-2.5e373709551615'");
    CHECK(template_error("{\"a\": 1e308, \"b\": 18446744073709551616}") == "valid");
}

// A template nested 100,000 deep parsed, then overflowed the stack in the
// recursive copy build_config makes (and dump() would have too).
TEST_CASE("templates: nesting past 1000 levels is refused, not a stack overflow") {
    auto nested = [](size_t n) { return "{\"a\":" + std::string(n, '[') + std::string(n, ']') + "}"; };
    CHECK(template_error(nested(100000)) ==
          "t.json: JSON nested more than 1000 levels deep at line 1, column 1005 (byte 1004)");
    CHECK(template_error(nested(1000)) ==
          "t.json: JSON nested more than 1000 levels deep at line 1, column 1005 (byte 1004)");
    json t = parse_template(nested(999), "t");
    json c = build_config(t, {}, 0);
    CHECK(json::parse(c.dump())["a"] == t["a"]);
    // brackets in strings, after escaped quotes too, are not nesting
    std::string brackets(3000, '[');
    CHECK(template_error("{\"a\": \"" + brackets + "\", \"b\": \"\\\"" + brackets + "\"}") == "valid");
    CHECK(template_error("{\"a\\\\\": [\"\\\\\", {\"" + brackets + "\": 1}]}") == "valid");
}

static std::vector<Layer> two_layers() {
    std::vector<Layer> layers(2);
    Layer& a = layers[0];
    Layer& b = layers[1];
    a.diff_id = a.digest = "sha256:" + std::string(64, 'a');
    a.size = 10240;
    a.name = "libs.layer";
    b.diff_id = "sha256:" + std::string(64, 'b');
    b.digest = "sha256:" + std::string(64, 'c');
    b.size = 99;
    b.compression = Compression::gzip;
    b.name = "simple.layer";
    return layers;
}

TEST_CASE("config: template kept, image members set") {
    json t = parse_template(
        R"({"id": "x", "parent": "y", "Size": 3, "architecture": "arm64", "os": "linux",
            "config": {"Cmd": ["/init"], "Labels": {"k": "v"}}, "container_config": {"Cmd": null},
            "history": [{"created_by": "old"}], "rootfs": {"type": "layers", "diff_ids": []}})",
        "t");
    json c = build_config(t, two_layers(), 86400);
    CHECK(c.dump() ==
          R"({"architecture":"arm64","config":{"Cmd":["/init"],"Labels":{"k":"v"}},)"
          R"("container_config":{"Cmd":null},"created":"1970-01-02T00:00:00Z",)"
          R"("history":[{"created_by":"mkimage libs.layer"},{"created_by":"mkimage simple.layer"}],)"
          R"("os":"linux","rootfs":{"diff_ids":["sha256:)" +
              std::string(64, 'a') + R"(","sha256:)" + std::string(64, 'b') +
              R"("],"type":"layers"}})");
}

TEST_CASE("config: defaults without a template") {
    json c = build_config(json::object(), two_layers(), 0);
    CHECK(c["architecture"] == host_architecture());
    CHECK(c["os"] == "linux");
    CHECK(c["config"] == json::object());
    CHECK(c["created"] == "1970-01-01T00:00:00Z");
#if defined(__x86_64__)
    CHECK(host_architecture() == "amd64");
#endif
}

TEST_CASE("created: SOURCE_DATE_EPOCH and RFC 3339") {
    CHECK(source_date_epoch(nullptr) == 0);
    CHECK(source_date_epoch("") == 0);
    CHECK(source_date_epoch("1700000000") == 1700000000);
    CHECK(rfc3339(1700000000) == "2023-11-14T22:13:20Z");
    CHECK(rfc3339(253402300799LL) == "9999-12-31T23:59:59Z");
    for (const char* bad : {"-1", "1e3", " 5", "5 ", "x", "253402300800", "99999999999999999999"})
        CHECK_THROWS_WITH(source_date_epoch(bad),
                          std::string("SOURCE_DATE_EPOCH: not a number of seconds in 0..253402300799: ") + bad);
}

TEST_CASE("manifest, index, manifest.json, repositories") {
    std::vector<Layer> layers = two_layers();
    json cfg = build_config(json::object({{"architecture", "amd64"}, {"os", "linux"}}), layers, 0);
    JsonBlob config = make_blob(cfg.dump());
    JsonBlob manifest = make_blob(build_manifest(config, layers).dump());
    json m = json::parse(manifest.bytes);
    CHECK(m["schemaVersion"] == 2);
    CHECK(m["mediaType"] == "application/vnd.oci.image.manifest.v1+json");
    CHECK(m["config"]["digest"] == config.digest);
    CHECK(m["config"]["size"] == config.bytes.size());
    CHECK(m["layers"][0]["mediaType"] == "application/vnd.oci.image.layer.v1.tar");
    CHECK(m["layers"][0]["digest"] == layers[0].digest);
    CHECK(m["layers"][1]["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip");
    CHECK(m["layers"][1]["digest"] == layers[1].digest);  // the stored blob, not the diff_id
    CHECK(m["layers"][1]["size"] == 99);
    layers[1].compression = Compression::zstd;
    json mz = build_manifest(config, layers);
    CHECK(mz["layers"][1]["mediaType"] == "application/vnd.oci.image.layer.v1.tar+zstd");
    CHECK(mz["layers"][1]["digest"] == layers[1].digest);
    CHECK(build_config(json::object(), layers, 0)["rootfs"]["diff_ids"][1] == layers[1].diff_id);
    layers[1].compression = Compression::gzip;

    std::vector<ImageRef> tags = {parse_image_ref("simple"), parse_image_ref("localhost:5000/s:v1")};
    json idx = build_index(manifest, cfg, tags);
    CHECK(idx["manifests"].size() == 2);
    CHECK(idx["manifests"][0]["annotations"]["io.containerd.image.name"] ==
          "docker.io/library/simple:latest");
    CHECK(idx["manifests"][1]["annotations"]["org.opencontainers.image.ref.name"] == "v1");
    CHECK(idx["manifests"][1]["digest"] == manifest.digest);
    CHECK(idx["manifests"][1]["platform"] == json({{"architecture", "amd64"}, {"os", "linux"}}));
    CHECK(build_index(manifest, cfg, {})["manifests"][0].count("annotations") == 0);

    json dm = build_docker_manifest(config, layers, tags);
    CHECK(dm.dump() == R"([{"Config":"blobs/sha256/)" + config.digest.substr(7) +
                           R"(","Layers":["blobs/sha256/)" + std::string(64, 'a') +
                           R"(","blobs/sha256/)" + std::string(64, 'c') +
                           R"("],"RepoTags":["simple:latest","localhost:5000/s:v1"]}])");
    CHECK(build_docker_manifest(config, layers, {})[0]["RepoTags"].is_null());
    CHECK(build_repositories(layers, tags).dump() ==
          R"({"localhost:5000/s":{"v1":")" + std::string(64, 'b') + R"("},"simple":{"latest":")" +
              std::string(64, 'b') + R"("}})");
}
