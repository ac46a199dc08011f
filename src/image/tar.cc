// image/tar.cc — ImageTar: libarchive's pax-restricted (ustar-first) writer
// with every varying header field pinned, writing through a checked Writer.
#include "image/tar.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "error.h"
#include "progress.h"

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
        t->written_ += n;
    } catch (...) {
        // An exception must not cross libarchive's C frames: keep it for check().
        t->error_ = std::current_exception();
    }
    return long(n);
}

namespace {
using EntryPtr = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;

// Every header field that could vary is pinned here.
EntryPtr make_entry(const std::string& name, bool dir, unsigned long long size, long long mtime) {
    EntryPtr e(archive_entry_new(), archive_entry_free);
    if (!e) throw Error(name, "out of memory");
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e.get(), dir ? 0755 : 0644);
    archive_entry_set_size(e.get(), dir ? 0 : la_int64_t(size));
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_mtime(e.get(), time_t(mtime), 0);
    return e;
}
}  // namespace

ImageTar::ImageTar(Writer& out, long long mtime) : a_(archive_write_new()), out_(out), mtime_(mtime) {
    if (!a_) throw Error(out.name(), "out of memory");
    // No blocking: everything passes straight to the Writer (which buffers),
    // so copy_file can put bytes after it; finish() pads the end to a
    // multiple of 10240 bytes, so the output is byte for byte what default
    // blocking gives.
    if (archive_write_set_format_pax_restricted(a_) != ARCHIVE_OK ||
        archive_write_set_bytes_per_block(a_, 0) != ARCHIVE_OK ||
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
    EntryPtr e = make_entry(name, dir, size, mtime_);
    check(archive_write_header(a_, e.get()));
    offset_ += 512 + (dir ? 0 : (size + 511) / 512 * 512);
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
    begin_file(name, bytes.size());
    data(bytes.data(), bytes.size());
    end_file();
}

void ImageTar::begin_file(const std::string& name, unsigned long long size) { header(name, false, size); }

void ImageTar::end_file() { check(archive_write_finish_entry(a_)); }

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

bool ImageTar::fits_ustar(unsigned long long size, long long mtime) {
    // ustar's octal fields: 11 digits for the size and the mtime
    return size < (1ULL << 33) && mtime >= 0 && mtime < (1LL << 33);
}

namespace {
struct HeaderCapture {
    std::string block;
};

long capture_callback(struct archive*, void* self, const void* buf, size_t n) {
    auto* c = static_cast<HeaderCapture*>(self);
    if (c->block.size() < 512)
        c->block.append(static_cast<const char*>(buf), std::min<size_t>(n, 512 - c->block.size()));
    return long(n);
}
}  // namespace

std::string ImageTar::header_block(const std::string& name, unsigned long long size, long long mtime) {
    HeaderCapture c;
    struct archive* a = archive_write_new();
    if (!a) throw Error(name, "out of memory");
    // No blocking: the entry's zero data (written by libarchive on close)
    // passes straight to the callback, which keeps only the header.
    bool ok = archive_write_set_format_pax_restricted(a) == ARCHIVE_OK &&
              archive_write_set_bytes_per_block(a, 0) == ARCHIVE_OK &&
              archive_write_open(a, &c, nullptr, capture_callback, nullptr) == ARCHIVE_OK;
    if (ok) {
        EntryPtr e = make_entry(name, false, size, mtime);
        ok = archive_write_header(a, e.get()) == ARCHIVE_OK;
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    std::string why = archive_error_string(a) ? archive_error_string(a) : "cannot make a tar header";
    archive_write_free(a);
    // one ustar block naming the entry, not a PAX record before it
    if (!ok || c.block.size() != 512 || c.block.compare(0, name.size(), name) != 0 ||
        c.block.compare(257, 5, "ustar") != 0)
        throw Error(name, why);
    return c.block;
}

void ImageTar::finish() {
    check(archive_write_close(a_));
    archive_write_free(a_);
    a_ = nullptr;
    if (written_ % 10240) {
        std::string pad(10240 - written_ % 10240, '\0');
        out_.write(pad);
        written_ += pad.size();
    }
}

// Layer bytes into the archive in pieces, counted into progress as they go.
void ImageTar::copy_counted(std::string_view bytes, ProgressCounter* progress) {
    constexpr size_t kPiece = 8 << 20;  // a progress line moves; the writes cost the same
    for (size_t at = 0; at < bytes.size(); at += kPiece) {
        size_t n = std::min(kPiece, bytes.size() - at);
        data(bytes.data() + at, n);
        if (progress) progress->add(n);
    }
}

// How many of fd's first size bytes the kernel copied to the output's
// offset; fewer than size once it declines (a pipe, another file system on
// an old kernel, an output opened to append), and then never again.
size_t ImageTar::kernel_copy(int fd, size_t size, ProgressCounter* progress) {
    if (!kernel_copies_) return 0;
    out_.flush();
    loff_t in_at = 0;
    while (size_t(in_at) < size) {
        size_t want = std::min<size_t>(size - size_t(in_at), 8 << 20);
        ssize_t n = copy_file_range(fd, &in_at, out_.fd(), nullptr, want, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == ENOSPC || errno == EIO || errno == EDQUOT || errno == EFBIG))
            throw_errno(out_.name());
        if (n <= 0) {  // declined, or the file is shorter: the bytes say which
            kernel_copies_ = false;
            break;
        }
        if (progress) progress->add(size_t(n));
    }
    written_ += size_t(in_at);
    return size_t(in_at);
}

void ImageTar::copy_file(const std::string& name, int fd, std::string_view bytes,
                         ProgressCounter* progress) {
    if (!fits_ustar(bytes.size(), mtime_) || !kernel_copies_) {
        begin_file(name, bytes.size());
        copy_counted(bytes, progress);
        end_file();
        return;
    }
    // The header libarchive would write, then the data and its padding beside libarchive.
    out_.write(header_block(name, bytes.size(), mtime_));
    written_ += 512;
    size_t done = kernel_copy(fd, bytes.size(), progress);
    constexpr size_t kPiece = 8 << 20;
    for (; done < bytes.size(); done += std::min(kPiece, bytes.size() - done)) {
        size_t n = std::min(kPiece, bytes.size() - done);
        out_.write(bytes.data() + done, n);
        written_ += n;
        if (progress) progress->add(n);
    }
    std::string pad((512 - bytes.size() % 512) % 512, '\0');
    out_.write(pad);
    written_ += pad.size();
    offset_ += 512 + bytes.size() + pad.size();
}

}  // namespace rb
