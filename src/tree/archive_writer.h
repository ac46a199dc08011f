// tree/archive_writer.h — libarchive's cpio (newc) and tar (restricted pax)
// writers with their output going to a Writer, and archive entries filled
// from SourceFiles: no user or group names, no atime or ctime, only what
// the caller decides.
#pragma once
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "output.h"
#include "tree/tree_source.h"

namespace rb {

class ProgressCounter;

enum class ArchiveFormat {
    cpio_newc,       // "070701", as the kernel's initramfs unpacker reads it
    pax_restricted,  // ustar headers, pax records only where ustar cannot say it
};

class ArchiveWriter {
public:
    ArchiveWriter(ArchiveFormat format, Writer& out);
    // Without close(), the archive is abandoned: nothing more is written
    // (no trailer that would make a partial archive look whole).
    ~ArchiveWriter();
    ArchiveWriter(const ArchiveWriter&) = delete;
    ArchiveWriter& operator=(const ArchiveWriter&) = delete;

    // An entry to fill, cleared; the same one every time.
    struct archive_entry* entry();
    // Write entry's header; subject names it in errors.
    void write_header(struct archive_entry* entry, const std::string& subject);
    // The next size bytes of the current entry's data, from fd (a regular
    // file); a file shorter than size is an error. The bytes are counted
    // into progress as they are copied, when given.
    void copy_data(int fd, uint64_t size, const std::string& subject,
                   ProgressCounter* progress = nullptr);
    // The current entry's data, all of it, from memory (a small file read
    // ahead); counted into progress when given.
    void write_data(const std::string& data, const std::string& subject,
                    ProgressCounter* progress = nullptr);
    // End the archive (trailer, end-of-archive blocks) and flush libarchive.
    void close();

private:
    void open(ArchiveFormat format);
    void release();
    static la_ssize_t write_callback(struct archive*, void* self, const void* buf, size_t n);
    [[noreturn]] void fail(const std::string& subject);
    bool send_data(int fd, uint64_t size, const std::string& subject, ProgressCounter* progress);

    struct archive* archive_ = nullptr;
    struct archive_entry* entry_ = nullptr;
    Writer& out_;
    std::exception_ptr write_error_;
    bool abandoned_ = false;
    bool can_send_ = true;     // whether sendfile(2) works on this output
    uint64_t sent_ahead_ = 0;  // data bytes sendfile wrote, for libarchive to count
    std::unique_ptr<char[]> buffer_;
    locale_t c_locale_ = locale_t(0), saved_ = locale_t(0);
};

// Fill entry with what both formats share: name, type and permissions,
// numeric owner, mtime, a symlink's target, a device's number and a
// regular file's size. Nothing else is set (no names, atime, ctime).
void fill_entry(struct archive_entry* entry, const SourceFile& file, long long mtime,
                const std::string& link_target);

// Add xattrs to entry in their order.
void add_xattrs(struct archive_entry* entry, const std::vector<Xattr>& xattrs);

}  // namespace rb
