// image_tar.cc — ImageTar: libarchive's pax-restricted (ustar-first) writer
// with every varying header field pinned, writing through a checked Writer.
#include "image_tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "error.h"

namespace rb {

static_assert(sizeof(long) == sizeof(la_ssize_t), "write_callback returns la_ssize_t");

long ImageTar::write_callback(struct archive*, void* self, const void* buf, size_t n) {
    auto* t = static_cast<ImageTar*>(self);
    // Once writing failed, or the stream is abandoned, everything is
    // swallowed: reporting failure to libarchive would put it in a state
    // where it leaks its buffers on free. check() raises the kept error.
    if (t->error_ || t->discard_) return long(n);
    try {
        t->out_.write(buf, n);
    } catch (...) {
        // An exception must not cross libarchive's C frames: keep it for check().
        t->error_ = std::current_exception();
    }
    return long(n);
}

ImageTar::ImageTar(Writer& out, long long mtime) : a_(archive_write_new()), out_(out), mtime_(mtime) {
    if (!a_) throw Error(out.name(), "out of memory");
    // Big blocks (128 x 10 KiB) let layer data pass to the Writer without
    // being cut into 10 KiB pieces; the last block is padded to a multiple of
    // 10240 bytes, so the output is byte for byte what default blocking gives.
    if (archive_write_set_format_pax_restricted(a_) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(a_, 128 * 10240) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a_, 10240) != ARCHIVE_OK ||
        archive_write_open(a_, this, nullptr, write_callback, nullptr) != ARCHIVE_OK) {
        std::string why = archive_error_string(a_) ? archive_error_string(a_) : "cannot start a tar";
        archive_write_free(a_);
        throw Error(out.name(), why);
    }
}

ImageTar::~ImageTar() {
    // Without finish() the stream is abandoned: what libarchive still writes
    // (the end-of-archive mark) goes nowhere.
    if (a_) {
        discard_ = true;
        archive_write_free(a_);
    }
}

void ImageTar::check(int r) {
    if (error_) std::rethrow_exception(error_);
    if (r != ARCHIVE_OK)
        throw Error(out_.name(), archive_error_string(a_) ? archive_error_string(a_) : "tar write failed");
}

void ImageTar::header(const std::string& name, bool dir, unsigned long long size) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    if (!e) throw Error(name, "out of memory");
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e.get(), dir ? 0755 : 0644);
    archive_entry_set_size(e.get(), dir ? 0 : la_int64_t(size));
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_mtime(e.get(), time_t(mtime_), 0);
    check(archive_write_header(a_, e.get()));
}

void ImageTar::data(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    while (n) {
        la_ssize_t w = archive_write_data(a_, c, n);
        check(w > 0 ? ARCHIVE_OK : ARCHIVE_FATAL);
        c += w;
        n -= size_t(w);
    }
}

void ImageTar::directory(const std::string& name) {
    header(name, true, 0);
    check(archive_write_finish_entry(a_));
}

void ImageTar::file(const std::string& name, std::string_view bytes) {
    header(name, false, bytes.size());
    data(bytes.data(), bytes.size());
    check(archive_write_finish_entry(a_));
}

void ImageTar::file_from(const std::string& name, int fd, unsigned long long size,
                         const std::string& src) {
    header(name, false, size);
    constexpr size_t kChunk = 1 << 20;
    std::unique_ptr<char[]> buf(new char[kChunk]);
    unsigned long long left = size;
    while (left) {
        ssize_t n = ::read(fd, buf.get(), size_t(std::min<unsigned long long>(left, kChunk)));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(src);
        if (n == 0) throw Error(src, "file changed while mkimage read it (shorter now)");
        data(buf.get(), size_t(n));
        left -= size_t(n);
    }
    check(archive_write_finish_entry(a_));
}

void ImageTar::finish() {
    check(archive_write_close(a_));
    archive_write_free(a_);
    a_ = nullptr;
}

}  // namespace rb
