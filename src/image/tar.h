// image/tar.h — a deterministic tar stream through libarchive's writer:
// entries in the order given, owners 0:0 without names, modes fixed (0755
// directories, 0644 files), one mtime for all, ustar headers (PAX only where
// ustar cannot hold a value).
#pragma once
#include <exception>
#include <string>
#include <string_view>

#include "output.h"

struct archive;

namespace rb {

class ProgressCounter;

class ImageTar {
public:
    ImageTar(Writer& out, long long mtime);
    ImageTar(const ImageTar&) = delete;
    ImageTar& operator=(const ImageTar&) = delete;
    ~ImageTar();

    void directory(const std::string& name);
    void file(const std::string& name, std::string_view data);
    // Exactly size bytes from fd's current offset; src names fd in errors,
    // and a file that ends early is an error (it changed while being read).
    void file_from(const std::string& name, int fd, unsigned long long size, const std::string& src);
    // A file whose bytes are bytes, which are also fd's from offset 0: the
    // kernel copies them from fd (copy_file_range) when the output is a
    // file that takes it and the entry fits ustar; from bytes otherwise, or
    // from where the kernel declined. Each piece copied is counted into
    // progress, when given.
    void copy_file(const std::string& name, int fd, std::string_view bytes,
                   ProgressCounter* progress = nullptr);
    // A file whose bytes come in pieces: begin, data until size bytes, end.
    void begin_file(const std::string& name, unsigned long long size);
    void data(const void* p, size_t n);
    void end_file();
    // Write the end-of-archive mark. Nothing may be added afterwards.
    void finish();

    // Where the next entry's header starts, counted from the first byte.
    // Exact while every entry fits ustar (see fits_ustar).
    unsigned long long offset() const { return offset_; }
    // True when an entry of this size at this mtime needs no PAX record, so
    // its header is one 512-byte block that header_block() reproduces.
    static bool fits_ustar(unsigned long long size, long long mtime);
    // The 512-byte header ImageTar writes for a file entry: for writing the
    // header of an entry whose name was only known after its data.
    static std::string header_block(const std::string& name, unsigned long long size, long long mtime);

private:
    void header(const std::string& name, bool dir, unsigned long long size);
    void check(int archive_status);  // throws the kept Writer error, or libarchive's
    void copy_counted(std::string_view bytes, ProgressCounter* progress);
    size_t kernel_copy(int fd, size_t size, ProgressCounter* progress);
    static long write_callback(struct archive*, void* self, const void* buf, size_t n);

    struct archive* a_;
    Writer& out_;
    long long mtime_;
    unsigned long long offset_ = 0;
    unsigned long long written_ = 0;  // bytes passed to out_, by libarchive or copy_file
    bool kernel_copies_ = true;       // until copy_file_range declines once
    std::exception_ptr error_;  // a Writer error, kept while libarchive unwinds
    bool discard_ = false;      // abandoned: swallow what is still written
};

}  // namespace rb
