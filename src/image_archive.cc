// image_archive.cc — assemble the image archive: layers checked and hashed
// first, then the JSON documents, then one pass writing the tar.
#include "image_archive.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>

#include "error.h"
#include "image_layer.h"
#include "image_tar.h"
#include "input.h"
#include "sha256.h"

namespace rb {

using nlohmann::json;

ImageArchive::ImageArchive(json tmpl, std::vector<ImageRef> tags, long long created)
    : tmpl_(std::move(tmpl)), tags_(std::move(tags)), created_(created) {}

ImageArchive::~ImageArchive() {
    for (Layer& l : layers_) close(l.fd);
}

static std::string base_name(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// An unnamed temporary file in $TMPDIR (or /tmp): nothing to clean up, ever.
static int temporary_file() {
    const char* dir = getenv("TMPDIR");
    std::string d = dir && *dir ? dir : "/tmp";
    int fd = open(d.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) {
        if (fd < 0) throw_errno(d);
        return fd;
    }
    std::string name = d + "/mkimage.XXXXXX";
    fd = mkostemp(&name[0], O_CLOEXEC);
    if (fd < 0) throw_errno(d);
    unlink(name.c_str());
    return fd;
}

// Compress the tar at fd into a temporary; return it, with the blob's digest and size.
static int compress_layer(int fd, const std::string& path, const GzipOptions& opts, LayerBlob& blob) {
    int out = temporary_file();
    try {
        if (lseek(fd, 0, SEEK_SET) != 0) throw_errno(path);
        Writer w(out, "temporary file for " + path, 1 << 18);
        gzip_stream(fd, path, w, opts);
        w.flush();
        if (lseek(out, 0, SEEK_SET) != 0) throw_errno(path);
        blob.digest = "sha256:" + to_hex(sha256_fd(out, "temporary file for " + path, &blob.size));
        blob.gzip = true;
    } catch (...) {
        close(out);
        throw;
    }
    return out;
}

void ImageArchive::add_layer(const std::string& path, const GzipOptions* gzip) {
    int fd = path == "-" ? -1 : open_input(path);
    if (fd < 0) throw Error(path, "a layer must be a file, not standard input");
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    try {
        LayerFile f = read_layer(fd, path);
        Layer l;
        l.blob.diff_id = l.blob.digest = f.diff_id;
        l.blob.size = f.size;
        l.blob.name = base_name(path);
        if (gzip) {
            int z = compress_layer(fd, path, *gzip, l.blob);
            close(fd);
            fd = z;
        }
        l.fd = fd;
        l.path = path;
        layers_.push_back(std::move(l));
    } catch (...) {
        close(fd);
        throw;
    }
    built_ = false;
}

void ImageArchive::build() {
    if (built_) return;
    if (layers_.empty()) throw Error("mkimage", "an image needs at least one layer");
    std::vector<LayerBlob> blobs;
    for (const Layer& l : layers_) blobs.push_back(l.blob);
    json config = build_config(tmpl_, blobs, created_);
    config_ = make_blob(config.dump());
    manifest_ = make_blob(build_manifest(config_, blobs).dump());
    index_ = build_index(manifest_, config, tags_).dump();
    // docker save writes these two with Go's json.Encoder: a newline at the end
    docker_manifest_ = build_docker_manifest(config_, blobs, tags_).dump() + "\n";
    repositories_ = tags_.empty() ? "" : build_repositories(blobs, tags_).dump() + "\n";
    built_ = true;
}

const std::string& ImageArchive::id() {
    build();
    return config_.digest;
}

const std::string& ImageArchive::config_bytes() {
    build();
    return config_.bytes;
}

void ImageArchive::write(Writer& out) {
    build();
    // Every blob under its digest, each once (a layer may repeat), in name order.
    struct Blob {
        const std::string* bytes = nullptr;
        const Layer* layer = nullptr;
    };
    std::map<std::string, Blob> blobs;
    blobs[config_.digest].bytes = &config_.bytes;
    blobs[manifest_.digest].bytes = &manifest_.bytes;
    for (const Layer& l : layers_)
        if (!blobs.count(l.blob.digest)) blobs[l.blob.digest].layer = &l;

    ImageTar tar(out, created_);
    tar.directory("blobs/");
    tar.directory("blobs/sha256/");
    for (const auto& [digest, blob] : blobs) {
        if (blob.bytes) {
            tar.file(blob_path(digest), *blob.bytes);
            continue;
        }
        const Layer& l = *blob.layer;
        if (lseek(l.fd, 0, SEEK_SET) != 0) throw_errno(l.path);
        tar.file_from(blob_path(digest), l.fd, l.blob.size, l.path);
    }
    tar.file("index.json", index_);
    tar.file("manifest.json", docker_manifest_);
    tar.file("oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
    if (!repositories_.empty()) tar.file("repositories", repositories_);
    tar.finish();
}

}  // namespace rb
