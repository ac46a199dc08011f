// image/archive.cc — assemble the image archive: each layer checked and
// hashed (while it is compressed, or copied when the output can be patched), then
// the JSON documents that name the layers by digest.
#include "image/archive.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "error.h"
#include "image/layer.h"
#include "image/tar.h"
#include "input.h"
#include "progress.h"
#include "sha256.h"

namespace rb {

using nlohmann::json;

ImageArchive::ImageArchive(json tmpl, std::vector<ImageRef> tags, long long created)
    : tmpl_(std::move(tmpl)), tags_(std::move(tags)), created_(created) {}

ImageArchive::~ImageArchive() {
    for (Layer& l : layers_) {
        if (l.map) munmap(const_cast<unsigned char*>(l.map), l.map_size);
        if (l.fd >= 0) close(l.fd);
        if (l.tar_fd >= 0) close(l.tar_fd);
    }
}

// Touching a mapped page past the end of a file truncated meanwhile raises
// SIGBUS (in whichever thread touched it). Say so once, then die of SIGTERM,
// whose handler (output.h) removes the output's temporary.
extern "C" void layer_truncated(int) {
    static std::atomic<bool> said{false};
    static const char msg[] = "mkimage: a layer file was truncated while mkimage read it\n";
    if (!said.exchange(true)) {
        ssize_t r = write(2, msg, sizeof msg - 1);
        (void)r;
    }
    raise(SIGTERM);
    signal(SIGBUS, SIG_DFL);  // SIGTERM is ignored: the fault repeats and ends the process
}

static void catch_truncation() {
    static bool done = false;
    if (done) return;
    done = true;
    struct sigaction old;
    if (sigaction(SIGBUS, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) return;
    struct sigaction sa {};
    sa.sa_handler = layer_truncated;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, nullptr);
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

// Compress the tar at fd into a temporary, as blob.compression says; return
// it, with the blob's digest and size.
static int compress_layer(int fd, const std::string& path, GzipOptions gzip, ZstdOptions zstd,
                          ProgressCounter* progress, LayerBlob& blob) {
    int out = temporary_file();
    try {
        Writer w(out, "temporary file for " + path, 1 << 18);
        if (blob.compression == Compression::zstd) {
            zstd.progress = progress;
            zstd_stream(fd, path, w, zstd);
        } else {
            gzip.progress = progress;
            gzip_stream(fd, path, w, gzip);
        }
        w.flush();
        if (lseek(out, 0, SEEK_SET) != 0) throw_errno(path);
        blob.digest = "sha256:" + to_hex(sha256_fd(out, "temporary file for " + path, &blob.size));
    } catch (...) {
        close(out);
        throw;
    }
    return out;
}

void ImageArchive::hash_layer(Layer& l) {
    if (l.hashed) return;
    l.blob.diff_id = check_layer(l.map, l.map_size, l.path, nullptr, progress_, l.tar_fd).diff_id;
    if (l.blob.compression == Compression::none) l.blob.digest = l.blob.diff_id;
    l.hashed = true;
}

void ImageArchive::add_layer(const std::string& path, const GzipOptions* gzip, const ZstdOptions* zstd) {
    if (gzip && zstd) throw Error(path, "a layer is compressed with gzip or zstd, not both");
    if (path == "-") throw Error(path, "a layer must be a file, not standard input");
    // Looked at before it is opened: opening a FIFO would wait for a writer.
    struct stat st;
    if (stat(path.c_str(), &st) != 0) throw_errno(path);
    if (S_ISDIR(st.st_mode)) throw_errno(path, EISDIR);
    if (!S_ISREG(st.st_mode)) throw Error(path, "a layer must be a regular file");
    int fd = open_input(path);
    Layer l;
    l.path = path;
    l.blob.name = base_name(path);
    try {
        if (fstat(fd, &st) != 0) throw_errno(path);
        if (!S_ISREG(st.st_mode)) throw Error(path, "a layer must be a regular file");
        if (st.st_size == 0) throw Error(path, "empty file, not a tar archive");
        l.dev = st.st_dev;
        l.ino = st.st_ino;
        l.blob.size = (unsigned long long)st.st_size;
        for (const Layer& o : layers_) l.first = l.first && !(o.dev == l.dev && o.ino == l.ino);
        catch_truncation();
        void* map = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED) throw_errno(path);
        l.map = static_cast<const unsigned char*>(map);
        l.map_size = size_t(st.st_size);
        madvise(map, size_t(st.st_size), MADV_SEQUENTIAL);
        if (gzip || zstd) {
            // compressed later, so that the whole work is known before it starts
            l.compress = true;
            l.blob.compression = gzip ? Compression::gzip : Compression::zstd;
            if (gzip) l.gzip_opts = *gzip;
            if (zstd) l.zstd_opts = *zstd;
        }
        l.tar_fd = fd;  // compressed from, or copied from by the kernel
        fd = -1;
        layers_.push_back(l);
        l.map = nullptr;
        l.tar_fd = -1;
    } catch (...) {
        if (fd >= 0) close(fd);
        if (l.map) munmap(const_cast<unsigned char*>(l.map), l.map_size);
        if (l.tar_fd >= 0) close(l.tar_fd);
        throw;
    }
    built_ = false;
}

void ImageArchive::compress_pending() {
    for (Layer& l : layers_) {
        if (!l.compress) continue;
        // checked first, then hashed on a second thread while it is compressed
        l.blob.diff_id = check_layer(
                             l.map, l.map_size, l.path,
                             [&] {
                                 l.fd = compress_layer(l.tar_fd, l.path, l.gzip_opts, l.zstd_opts,
                                                       progress_, l.blob);
                             },
                             nullptr, l.tar_fd)
                             .diff_id;
        l.hashed = true;
        close(l.tar_fd);
        l.tar_fd = -1;
        l.compress = false;
    }
}

unsigned long long ImageArchive::bytes_to_compress() const {
    unsigned long long n = 0;
    for (const Layer& l : layers_)
        if (l.compress) n += l.map_size;
    return n;
}

// Each layer stored uncompressed is copied, and hashed before unless it is
// hashed already or while it is copied. A file given again is neither: it
// takes the first one's digests and blob.
unsigned long long ImageArchive::bytes_to_copy(bool hash_while_copying) const {
    unsigned long long n = 0;
    for (const Layer& l : layers_)
        if (l.first && l.blob.compression == Compression::none)
            n += l.blob.size * (l.hashed || hash_while_copying ? 1 : 2);
    return n;
}

void ImageArchive::build() {
    if (built_) return;
    if (layers_.empty()) throw Error("mkimage", "an image needs at least one layer");
    compress_pending();
    std::vector<LayerBlob> blobs;
    for (Layer& l : layers_) {
        for (const Layer& o : layers_)  // a file given again: the same blob
            if (!l.first && !l.hashed && o.first && o.hashed && o.dev == l.dev && o.ino == l.ino) {
                l.blob.diff_id = o.blob.diff_id;
                l.blob.digest = o.blob.digest;
                l.hashed = true;
            }
        hash_layer(l);
        blobs.push_back(l.blob);
    }
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

// Where out's next byte lands in its file, when headers can be rewritten
// (and first read back, to be sure) there later; -1 when out is a pipe, a
// device, write-only, or appends.
static long long patchable_offset(Writer& out) {
    struct stat st;
    if (fstat(out.fd(), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
    int flags = fcntl(out.fd(), F_GETFL);
    if (flags < 0 || (flags & O_APPEND) || (flags & O_ACCMODE) != O_RDWR) return -1;
    out.flush();
    off_t pos = lseek(out.fd(), 0, SEEK_CUR);
    return pos < 0 ? -1 : (long long)pos;
}

void ImageArchive::write(Writer& out) {
    // Set in two steps, as whether the output can be patched depends on the
    // compressed sizes; mkimage compresses every layer or none, so the
    // second step adds nothing after a first that was not nothing.
    if (progress_) progress_->set_total(progress_->done() + bytes_to_compress());
    compress_pending();
    bool patch = true;
    for (const Layer& l : layers_) patch = patch && ImageTar::fits_ustar(l.blob.size, created_);
    long long base = patch ? patchable_offset(out) : -1;
    if (progress_) progress_->set_total(progress_->total() + bytes_to_copy(base >= 0));
    if (base < 0) build();  // every layer checked and hashed before anything is written

    struct Patch {
        unsigned long long at;
        const Layer* layer;
    };
    std::vector<Patch> patches;
    const std::string placeholder = "sha256:" + std::string(64, '0');
    ImageTar tar(out, created_);
    tar.directory("blobs/");
    tar.directory("blobs/sha256/");
    for (Layer& l : layers_) {
        if (!l.first) continue;
        if (l.blob.compression != Compression::none) {
            if (lseek(l.fd, 0, SEEK_SET) != 0) throw_errno(l.path);
            tar.file_from(blob_path(l.blob.digest), l.fd, l.blob.size, l.path);
            continue;
        }
        std::string_view bytes(reinterpret_cast<const char*>(l.map), l.map_size);
        if (l.hashed) {
            tar.copy_file(blob_path(l.blob.digest), l.tar_fd, bytes, progress_);
            continue;
        }
        // Check, then copy while the hash runs; the header is rewritten below.
        patches.push_back({tar.offset(), &l});
        l.blob.diff_id = l.blob.digest =
            check_layer(
                l.map, bytes.size(), l.path,
                [&] { tar.copy_file(blob_path(placeholder), l.tar_fd, bytes, progress_); }, nullptr,
                l.tar_fd)
                .diff_id;
        l.hashed = true;
    }
    build();
    tar.file(blob_path(config_.digest), config_.bytes);
    tar.file(blob_path(manifest_.digest), manifest_.bytes);
    tar.file("index.json", index_);
    tar.file("manifest.json", docker_manifest_);
    tar.file("oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
    if (!repositories_.empty()) tar.file("repositories", repositories_);
    tar.finish();
    if (patches.empty()) return;
    out.flush();
    for (const Patch& p : patches) {
        const off_t at = off_t(base + (long long)p.at);
        // What is there must be the placeholder header: a wrong offset would corrupt the archive.
        std::string was(512, '\0');
        if (pread(out.fd(), &was[0], was.size(), at) != ssize_t(was.size()) ||
            was != ImageTar::header_block(blob_path(placeholder), p.layer->blob.size, created_))
            throw Error(out.name(), "cannot find the header of " + p.layer->path + " to rewrite");
        std::string h = ImageTar::header_block(blob_path(p.layer->blob.digest), p.layer->blob.size, created_);
        if (pwrite(out.fd(), h.data(), h.size(), at) != ssize_t(h.size())) throw_errno(out.name());
    }
}

}  // namespace rb
