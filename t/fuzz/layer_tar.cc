// layer_tar.cc — fuzz mkimage's reading of a layer tar. The bytes go to
// check_layer (the libarchive walk to the end-of-archive mark, the hash on a
// second thread), and, as a file, through ImageArchive::add_layer and
// write() into an archive, as mkimage -o does: either both accept it, with
// the tar's own SHA-256 as its diff_id, or both throw rb::Error.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "error.h"
#include "image/archive.h"
#include "image/layer.h"
#include "sha256.h"

namespace {

// A memory file (a regular file, read-write) holding data[0, size).
int memory_file(const char* name, const uint8_t* data, size_t size) {
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) abort();
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) abort();
        data += n;
        size -= size_t(n);
    }
    return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    bool direct = true;
    std::string diff_id;
    try {
        diff_id = rb::check_layer(data, size, "fuzz");
        std::string_view bytes(reinterpret_cast<const char*>(data), size);
        if (diff_id != "sha256:" + rb::sha256_hex(bytes)) abort();
    } catch (const rb::Error&) {
        direct = false;
    }

    int in = memory_file("layer", data, size);
    int out = memory_file("image", nullptr, 0);
    bool archived = true;
    try {
        rb::ImageArchive image(nlohmann::json::object(), {}, 0);
        image.add_layer("/proc/self/fd/" + std::to_string(in));
        rb::Writer w(out, "image");
        image.write(w);  // a read-write regular file: the copy hashes, then the header is patched
        w.flush();
    } catch (const rb::Error&) {
        archived = false;
    }
    close(in);
    close(out);
    if (archived != direct) abort();
    return 0;
}
