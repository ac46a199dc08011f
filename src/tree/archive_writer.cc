// tree/archive_writer.cc — libarchive writers over a Writer, and entry filling.
#include "tree/archive_writer.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

#include "error.h"
#include "progress.h"

namespace rb {

// Large enough that a big file costs few syscalls; small files are read in
// one call of their exact size.
static constexpr size_t kBufferSize = 1 << 20;
// From this size on, content goes from file to output inside the kernel.
static constexpr uint64_t kSendMin = 128 * 1024;

ArchiveWriter::ArchiveWriter(ArchiveFormat format, Writer& out) : out_(out) {
    try {
        open(format);
    } catch (...) {
        release();
        throw;
    }
}

void ArchiveWriter::open(ArchiveFormat format) {
    // The pax writer converts names from the locale's charset to UTF-8 and
    // stores those it cannot convert as raw bytes under hdrcharset=BINARY.
    // In the C locale that is every non-ASCII name, whatever the caller's
    // locale: the bytes depend on the tree alone, every reader restores the
    // name exactly, and bsdtar in the C locale does not fail on a UTF-8
    // record. libarchive reads the charset once, on the first header.
    if (format == ArchiveFormat::pax_restricted) {
        c_locale_ = newlocale(LC_CTYPE_MASK, "C", locale_t(0));
        if (c_locale_) saved_ = uselocale(c_locale_);
    }
    archive_ = archive_write_new();
    entry_ = archive_entry_new();
    if (!archive_ || !entry_) throw std::bad_alloc();
    int r = format == ArchiveFormat::cpio_newc ? archive_write_set_format_cpio_newc(archive_)
                                               : archive_write_set_format_pax_restricted(archive_);
    if (r != ARCHIVE_OK) fail("libarchive");
    if (format == ArchiveFormat::pax_restricted) {
        // GNU tar, Go's archive/tar (Docker, containerd) and libarchive all
        // read SCHILY.xattr; the LIBARCHIVE.xattr copy would only make GNU
        // tar warn. Older libarchive lacks the option and writes both.
        archive_write_set_format_option(archive_, "pax", "xattrheader", "SCHILY");
    }
    // No blocking: libarchive hands every write straight to the Writer,
    // which buffers small ones, and the archive ends where its format says.
    archive_write_set_bytes_per_block(archive_, 0);
    if (archive_write_open(archive_, this, nullptr, write_callback, nullptr) != ARCHIVE_OK)
        fail(out_.name());
    buffer_.reset(new char[kBufferSize]);
}

ArchiveWriter::~ArchiveWriter() { release(); }

void ArchiveWriter::release() {
    abandoned_ = true;  // archive_write_free would otherwise write a trailer
    if (entry_) archive_entry_free(entry_);
    if (archive_) archive_write_free(archive_);
    entry_ = nullptr;
    archive_ = nullptr;
    if (c_locale_) {
        uselocale(saved_);
        freelocale(c_locale_);
        c_locale_ = locale_t(0);
    }
}

la_ssize_t ArchiveWriter::write_callback(struct archive*, void* self_, const void* buf, size_t n) {
    auto* self = static_cast<ArchiveWriter*>(self_);
    if (self->abandoned_) return la_ssize_t(n);
    if (self->sent_ahead_) {
        // With no blocking, libarchive hands the data it is given straight
        // here: (part of) our own buffer. Anything else would be bytes of
        // its own, which must not be dropped.
        const char* p = static_cast<const char*>(buf);
        const char* ours = self->buffer_.get();
        if (p < ours || p + n > ours + kBufferSize || n > self->sent_ahead_) {
            self->write_error_ = std::make_exception_ptr(
                Error("libarchive", "data was not passed straight through"));
            self->abandoned_ = true;
            return -1;
        }
        self->sent_ahead_ -= n;
        return la_ssize_t(n);
    }
    // C frames in between: an exception must not unwind through libarchive
    try {
        self->out_.write(buf, n);
        return la_ssize_t(n);
    } catch (...) {
        self->write_error_ = std::current_exception();
        self->abandoned_ = true;
        return -1;
    }
}

void ArchiveWriter::fail(const std::string& subject) {
    if (write_error_) std::rethrow_exception(write_error_);
    const char* why = archive_error_string(archive_);
    throw Error(subject, why ? why : "libarchive failed");
}

struct archive_entry* ArchiveWriter::entry() {
    archive_entry_clear(entry_);
    return entry_;
}

void ArchiveWriter::write_header(struct archive_entry* entry, const std::string& subject) {
    // ARCHIVE_WARN is a non-ASCII name, which the pax writer then stores as
    // raw bytes (hdrcharset=BINARY)
    if (archive_write_header(archive_, entry) < ARCHIVE_WARN || write_error_) fail(subject);
}

// sendfile(2) saves copying every byte through user space. The header went
// out through libarchive; the data goes out here, and then libarchive is
// handed as many bytes to count (and pad after), which write_callback drops.
// False when the output cannot take sendfile (before anything was sent).
bool ArchiveWriter::send_data(int fd, uint64_t size, const std::string& subject,
                              ProgressCounter* progress) {
    out_.flush();
    // 64 MiB a call: few enough calls to cost nothing, often enough for a
    // progress line to move smoothly through a large file
    constexpr uint64_t kPiece = 64u << 20;
    uint64_t done = 0;
    while (done < size) {
        size_t want = size_t(size - done < kPiece ? size - done : kPiece);
        ssize_t n = sendfile(out_.fd(), fd, nullptr, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (done == 0 && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
                can_send_ = false;  // e.g. an O_APPEND output
                return false;
            }
            throw_errno(out_.name());
        }
        if (n == 0) throw Error(subject, "file shrank while being archived");
        done += uint64_t(n);
        if (progress) progress->add(uint64_t(n));
    }
    sent_ahead_ = size;
    while (sent_ahead_) {
        size_t chunk = sent_ahead_ < kBufferSize ? size_t(sent_ahead_) : kBufferSize;
        if (archive_write_data(archive_, buffer_.get(), chunk) != la_ssize_t(chunk) || write_error_)
            fail(subject);
    }
    return true;
}

// A file that grew while it was copied is stored cut at the size its header
// gave: a state it never had. Fail instead, as GNU tar does.
static void check_size_kept(int fd, uint64_t size, const std::string& subject) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && uint64_t(st.st_size) != size)
        throw Error(subject, "changed while being archived");
}

void ArchiveWriter::copy_data(int fd, uint64_t size, const std::string& subject,
                              ProgressCounter* progress) {
    if (size >= kSendMin && can_send_ && send_data(fd, size, subject, progress)) {
        check_size_kept(fd, size, subject);
        return;
    }
    if (size > (1u << 16)) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    const uint64_t total = size;
    while (size > 0) {
        size_t want = size < kBufferSize ? size_t(size) : kBufferSize;
        ssize_t n = ::read(fd, buffer_.get(), want);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno(subject);
        }
        if (n == 0) throw Error(subject, "file shrank while being archived");
        if (archive_write_data(archive_, buffer_.get(), size_t(n)) != n || write_error_)
            fail(subject);
        size -= uint64_t(n);
        if (progress) progress->add(uint64_t(n));
    }
    check_size_kept(fd, total, subject);
}

void ArchiveWriter::write_data(const std::string& data, const std::string& subject,
                               ProgressCounter* progress) {
    if (archive_write_data(archive_, data.data(), data.size()) != la_ssize_t(data.size()) ||
        write_error_)
        fail(subject);
    if (progress) progress->add(data.size());
}

void ArchiveWriter::close() {
    if (archive_write_close(archive_) != ARCHIVE_OK || write_error_) fail(out_.name());
}

void fill_entry(struct archive_entry* entry, const SourceFile& file, long long mtime,
                const std::string& link_target) {
    archive_entry_copy_pathname(entry, file.name.c_str());
    archive_entry_set_mode(entry, file.mode);
    archive_entry_set_uid(entry, file.uid);
    archive_entry_set_gid(entry, file.gid);
    archive_entry_set_mtime(entry, time_t(mtime), 0);
    archive_entry_set_size(entry, 0);  // the newc writer insists on one
    switch (file.mode & S_IFMT) {
    case S_IFREG:
        archive_entry_set_size(entry, la_int64_t(file.size));
        break;
    case S_IFLNK:
        archive_entry_copy_symlink(entry, link_target.c_str());
        break;
    case S_IFCHR:
    case S_IFBLK:
        archive_entry_set_rdevmajor(entry, major(file.rdev));
        archive_entry_set_rdevminor(entry, minor(file.rdev));
        break;
    default:
        break;
    }
}

void add_xattrs(struct archive_entry* entry, const std::vector<Xattr>& xattrs) {
    for (const Xattr& x : xattrs)
        archive_entry_xattr_add_entry(entry, x.name.c_str(), x.value.data(), x.value.size());
}

}  // namespace rb
