// sha256.cc — digests of buffers and of whole streams.
#include "sha256.h"

#include <memory>

#include "input.h"
#include "progress.h"

namespace rb {

Digest Sha256::digest() {
    Digest d;
    sha256_digest(&ctx_, d.size(), d.data());
    return d;
}

std::string to_hex(const Digest& d) {
    static const char hex[] = "0123456789abcdef";
    std::string s(d.size() * 2, '0');
    for (size_t i = 0; i < d.size(); i++) {
        s[2 * i] = hex[d[i] >> 4];
        s[2 * i + 1] = hex[d[i] & 15];
    }
    return s;
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return to_hex(h.digest());
}

Digest sha256_fd(int fd, const std::string& name, unsigned long long* size,
                 ProgressCounter* progress) {
    // 256 KiB: large enough that syscalls vanish next to the hashing, small
    // enough to stay in L2 while it is hashed.
    // One buffer per thread: fileids calls this once per file, most of them small.
    constexpr size_t kChunk = 256 * 1024;
    thread_local std::unique_ptr<unsigned char[]> buf(new unsigned char[kChunk]);
    Sha256 h;
    unsigned long long total = 0;
    while (size_t n = read_some(fd, buf.get(), kChunk, name)) {
        h.update(buf.get(), n);
        total += n;
        if (progress) progress->add(n);
    }
    if (size) *size = total;
    return h.digest();
}

}  // namespace rb
