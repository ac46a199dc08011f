// sha256.cc — SHA-256 of files or standard input, as bare hex.
#include <fcntl.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "input.h"
#include "sha256.h"

namespace rb {

static std::string digest_of(const std::string& path, int stdin_fd) {
    InputFile in(path, stdin_fd);
    if (!in.is_stdin()) posix_fadvise(in.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
    return to_hex(sha256_fd(in.fd(), in.name()));
}

// One "HEX  NAME" line as sha256sum writes it: a name holding a backslash,
// a newline or a carriage return is escaped and the line starts with a
// backslash, so that sha256sum -c reads the name back.
static std::string checksum_line(const std::string& hex, const std::string& path) {
    std::string name;
    bool escaped = false;
    for (char c : path) {
        const char* esc = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
        if (esc) name += esc;
        else name += c;
        escaped = escaped || esc;
    }
    return (escaped ? "\\" : "") + hex + "  " + name + "\n";
}

static int sha256_main(Invocation& inv) {
    if (inv.args.size() <= 1) {
        inv.out.write(digest_of(inv.args.empty() ? "-" : inv.args[0], inv.in) + "\n");
        return 0;
    }
    for (const std::string& path : inv.args) inv.out.write(checksum_line(digest_of(path, inv.in), path));
    return 0;
}

extern const Command sha256_command = {
    "sha256",
    "sha256 [FILE ...]",
    "Print the SHA-256 digest of FILE, or of standard input when there is no\n"
    "FILE or FILE is -, as one line of lowercase hex. With several FILEs, print\n"
    "one \"HEX  FILE\" line each, the format sha256sum -c checks (a FILE holding\n"
    "a backslash, a newline or a carriage return escaped as sha256sum does).\n",
    {},
    0,
    -1,
    sha256_main,
};

}  // namespace rb
