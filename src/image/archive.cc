// image/archive.cc — assemble the image archive: each layer checked and
// hashed (while it is compressed, or copied when the output can be patched;
// or found in the digest cache), then the JSON documents that name the
// layers by digest.
#include "image/archive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "error.h"
#include "signals.h"
#include "image/digest_cache.h"
#include "image/tar.h"
#include "progress.h"
#include "sha256.h"

namespace rb {

using nlohmann::json;

ImageArchive::ImageArchive(json tmpl, std::vector<ImageRef> tags, long long created)
    : tmpl_(std::move(tmpl)), tags_(std::move(tags)), created_(created) {}

// Touching a mapped page past the end of a file truncated meanwhile raises
// SIGBUS (in whichever thread touched it). Say so once, then die of SIGTERM,
// whose handler (signals.h) removes the output's temporary.
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
    if (!done) install_handler(SIGBUS, layer_truncated, 0, true);  // unless someone chose otherwise
    done = true;
}

// An unnamed temporary file in $TMPDIR (or /tmp): nothing to clean up, ever.
static UniqueFd temporary_file() {
    const char* dir = getenv("TMPDIR");
    std::string d = dir && *dir ? dir : "/tmp";
    int fd = open(d.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)) {
        if (fd < 0) throw_errno(d);
        return UniqueFd(fd);
    }
    std::string name = d + "/mkimage.XXXXXX";
    fd = mkostemp(&name[0], O_CLOEXEC);
    if (fd < 0) throw_errno(d);
    unlink(name.c_str());
    return UniqueFd(fd);
}

// Compress l's tar into a temporary, as l.compression says, from offset 0;
// return it, and set l's digest and size to the blob's.
static UniqueFd compress_layer(Layer& l, ProgressCounter* progress) {
    UniqueFd out = temporary_file();
    const std::string name = "temporary file for " + l.path;
    Writer w(out.get(), name, 1 << 18);
    if (l.compression == Compression::zstd) {
        l.zstd.progress = progress;
        zstd_stream(l.tar_fd.get(), l.path, w, l.zstd);
    } else {
        l.gzip.progress = progress;
        gzip_stream(l.tar_fd.get(), l.path, w, l.gzip);
    }
    w.flush();
    if (lseek(out.get(), 0, SEEK_SET) != 0) throw_errno(l.path);
    l.digest = "sha256:" + to_hex(sha256_fd(out.get(), name, &l.size));
    return out;
}

// A layer whose digest came from the cache, read since: it must not have changed.
static void check_unchanged(const Layer& l) {
    struct stat now;
    if (!l.cached) return;
    if (fstat(l.tar_fd.get(), &now) != 0) throw_errno(l.path);
    if (!same_stat(now, l.st)) throw Error(l.path, "file changed while mkimage read it");
}

// The diff_id of l is known: so is its digest when it is stored as it is.
// Recorded in the cache, unless that is where it came from.
void ImageArchive::hashed(Layer& l, std::string diff_id) {
    l.diff_id = std::move(diff_id);
    if (l.compression == Compression::none) l.digest = l.diff_id;
    l.hashed = true;
    if (cache_ && !l.cached) cache_->remember(l);
}

void ImageArchive::hash_layer(Layer& l) {
    if (l.hashed) return;
    hashed(l, check_layer(l.tar.data(), l.tar.size(), l.path, nullptr, progress_, l.tar_fd.get()));
}

void ImageArchive::add_layer(const std::string& path, const GzipOptions* gzip, const ZstdOptions* zstd) {
    if (gzip && zstd) throw Error(path, "a layer is compressed with gzip or zstd, not both");
    catch_truncation();
    Layer l = open_layer(path);
    for (const Layer& o : layers_)
        l.first = l.first && !(o.st.st_dev == l.st.st_dev && o.st.st_ino == l.st.st_ino);
    // compressed later, so that the whole work is known before it starts
    if (gzip) {
        l.compression = Compression::gzip;
        l.gzip = *gzip;
    } else if (zstd) {
        l.compression = Compression::zstd;
        l.zstd = *zstd;
    }
    if (cache_) {
        std::string diff_id = cache_->find(l.st);
        l.cached = !diff_id.empty();
        if (l.cached) hashed(l, diff_id);
    }
    layers_.push_back(std::move(l));
    built_ = false;
}

// Compress each layer to be stored compressed; one not known yet is
// checked first, then hashed on a second thread while it is compressed.
void ImageArchive::compress_pending() {
    for (Layer& l : layers_) {
        if (l.compression == Compression::none || l.compressed) continue;
        auto compress = [&] { l.blob_fd = compress_layer(l, progress_); };
        if (l.hashed) compress();
        else hashed(l, check_layer(l.tar.data(), l.tar.size(), l.path, compress, nullptr, l.tar_fd.get()));
        check_unchanged(l);
        l.compressed = true;
        l.tar_fd = UniqueFd();
    }
}

unsigned long long ImageArchive::bytes_to_compress() const {
    unsigned long long n = 0;
    for (const Layer& l : layers_)
        if (l.compression != Compression::none && !l.compressed) n += l.tar.size();
    return n;
}

// Each layer stored uncompressed is copied, and hashed before unless it is
// hashed already or while it is copied. A file given again is neither: it
// takes the first one's digests and blob.
unsigned long long ImageArchive::bytes_to_copy(bool hash_while_copying) const {
    unsigned long long n = 0;
    for (const Layer& l : layers_)
        if (l.first && l.compression == Compression::none)
            n += l.size * (l.hashed || hash_while_copying ? 1 : 2);
    return n;
}

void ImageArchive::build() {
    if (built_) return;
    if (layers_.empty()) throw Error("mkimage", "an image needs at least one layer");
    compress_pending();
    for (Layer& l : layers_) {
        for (const Layer& o : layers_)  // a file given again: the same blob
            if (!l.first && !l.hashed && o.first && o.hashed && o.st.st_dev == l.st.st_dev &&
                o.st.st_ino == l.st.st_ino) {
                l.diff_id = o.diff_id;
                l.digest = o.digest;
                l.hashed = true;
            }
        hash_layer(l);
    }
    json config = build_config(tmpl_, layers_, created_);
    config_ = make_blob(config.dump());
    manifest_ = make_blob(build_manifest(config_, layers_).dump());
    index_ = build_index(manifest_, config, tags_).dump();
    // docker save writes these two with Go's json.Encoder: a newline at the end
    docker_manifest_ = build_docker_manifest(config_, layers_, tags_).dump() + "\n";
    repositories_ = tags_.empty() ? "" : build_repositories(layers_, tags_).dump() + "\n";
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

static const std::string kPlaceholder = "sha256:" + std::string(64, '0');

// Compress what is to be compressed, and decide whether the layers can be
// hashed while they are copied (the offset in out where the archive
// starts) or must be hashed first (-1, done here).
long long ImageArchive::prepare(Writer& out) {
    // Set in two steps, as whether the output can be patched depends on the
    // compressed sizes; mkimage compresses every layer or none, so the
    // second step adds nothing after a first that was not nothing.
    if (progress_) progress_->set_total(progress_->done() + bytes_to_compress());
    compress_pending();
    bool patch = true;
    for (const Layer& l : layers_) patch = patch && ImageTar::fits_ustar(l.size, created_);
    long long base = patch ? patchable_offset(out) : -1;
    if (progress_) progress_->set_total(progress_->total() + bytes_to_copy(base >= 0));
    if (base < 0) build();  // every layer checked and hashed before anything is written
    return base;
}

// Each layer's blob, once; a layer not hashed yet is checked, then copied
// under a placeholder name while it is hashed: its header is rewritten later.
std::vector<ImageArchive::Patch> ImageArchive::write_layers(ImageTar& tar) {
    std::vector<Patch> patches;
    for (Layer& l : layers_) {
        if (!l.first) continue;
        if (l.compression != Compression::none) {
            if (lseek(l.blob_fd.get(), 0, SEEK_SET) != 0) throw_errno(l.path);
            tar.file_from(blob_path(l.digest), l.blob_fd.get(), l.size, l.path);
            continue;
        }
        std::string_view bytes(reinterpret_cast<const char*>(l.tar.data()), l.tar.size());
        if (l.hashed) {
            tar.copy_file(blob_path(l.digest), l.tar_fd.get(), bytes, progress_);
            check_unchanged(l);
            continue;
        }
        patches.push_back({tar.offset(), &l});
        auto copy = [&] { tar.copy_file(blob_path(kPlaceholder), l.tar_fd.get(), bytes, progress_); };
        hashed(l, check_layer(l.tar.data(), bytes.size(), l.path, copy, nullptr, l.tar_fd.get()));
    }
    return patches;
}

void ImageArchive::write_documents(ImageTar& tar) {
    build();
    tar.file(blob_path(config_.digest), config_.bytes);
    tar.file(blob_path(manifest_.digest), manifest_.bytes);
    tar.file("index.json", index_);
    tar.file("manifest.json", docker_manifest_);
    tar.file("oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump());
    if (!repositories_.empty()) tar.file("repositories", repositories_);
}

// Rename each layer written under the placeholder, now that its digest is known.
void ImageArchive::patch_headers(Writer& out, long long base, const std::vector<Patch>& patches) const {
    if (patches.empty()) return;
    out.flush();
    for (const Patch& p : patches) {
        const off_t at = off_t(base + (long long)p.at);
        // What is there must be the placeholder header: a wrong offset would corrupt the archive.
        std::string was(512, '\0');
        if (pread(out.fd(), &was[0], was.size(), at) != ssize_t(was.size()) ||
            was != ImageTar::header_block(blob_path(kPlaceholder), p.layer->size, created_))
            throw Error(out.name(), "cannot find the header of " + p.layer->path + " to rewrite");
        std::string h = ImageTar::header_block(blob_path(p.layer->digest), p.layer->size, created_);
        if (pwrite(out.fd(), h.data(), h.size(), at) != ssize_t(h.size())) throw_errno(out.name());
    }
}

void ImageArchive::write(Writer& out) {
    const long long base = prepare(out);
    ImageTar tar(out, created_);
    tar.directory("blobs/");
    tar.directory("blobs/sha256/");
    const std::vector<Patch> patches = write_layers(tar);
    write_documents(tar);
    tar.finish();
    patch_headers(out, base, patches);
}

}  // namespace rb
