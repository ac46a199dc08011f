// image_tar.h — a deterministic tar stream through libarchive's writer:
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
    // Write the end-of-archive mark. Nothing may be added afterwards.
    void finish();

private:
    void header(const std::string& name, bool dir, unsigned long long size);
    void data(const void* p, size_t n);
    void check(int archive_status);  // throws the kept Writer error, or libarchive's
    static long write_callback(struct archive*, void* self, const void* buf, size_t n);

    struct archive* a_;
    Writer& out_;
    long long mtime_;
    std::exception_ptr error_;  // a Writer error, kept while libarchive unwinds
    bool discard_ = false;      // abandoned: swallow what is still written
};

}  // namespace rb
