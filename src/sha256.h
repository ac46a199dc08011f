// sha256.h — SHA-256 through nettle (which uses the CPU's SHA instructions).
#pragma once
#include <nettle/sha2.h>

#include <array>
#include <string>
#include <string_view>

namespace rb {

class ProgressCounter;

using Digest = std::array<unsigned char, SHA256_DIGEST_SIZE>;

class Sha256 {
public:
    Sha256() { sha256_init(&ctx_); }
    void update(const void* data, size_t n) {
        sha256_update(&ctx_, n, static_cast<const uint8_t*>(data));
    }
    void update(std::string_view s) { update(s.data(), s.size()); }
    Digest digest();  // resets the context

private:
    sha256_ctx ctx_;
};

std::string to_hex(const Digest& d);
std::string sha256_hex(std::string_view data);

// Hash everything readable from fd; name is used in errors.
// Returns the number of bytes hashed through *size when given, and counts
// them into progress as they go when given.
Digest sha256_fd(int fd, const std::string& name, unsigned long long* size = nullptr,
                 ProgressCounter* progress = nullptr);

}  // namespace rb
