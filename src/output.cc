// output.cc — Writer, AtomicFile (its temporary in the signals.h registry),
// Destination, write_message.
#include "output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

#include "error.h"
#include "signals.h"

namespace rb {

Writer::Writer(int fd, std::string name, size_t buffer)
    : fd_(fd), name_(std::move(name)), buf_(buffer) {}

Writer::~Writer() = default;

void Writer::write_all(const char* p, size_t n) {
    while (n) {
        ssize_t w = ::write(fd_, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            throw_errno(name_);
        }
        p += w;
        n -= size_t(w);
    }
}

void Writer::write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    total_ += n;
    if (used_ + n <= buf_.size()) {
        std::memcpy(buf_.data() + used_, p, n);
        used_ += n;
        return;
    }
    flush();
    if (n >= buf_.size()) {
        write_all(p, n);
    } else {
        std::memcpy(buf_.data(), p, n);
        used_ = n;
    }
}

void Writer::put(char c) {
    if (used_ == buf_.size()) flush();
    buf_[used_++] = c;
    total_++;
}

void Writer::flush() {
    size_t n = used_;
    used_ = 0;
    write_all(buf_.data(), n);
}

void write_message(int fd, const std::string& text) {
    const char* p = text.data();
    size_t n = text.size();
    while (n) {
        ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;  // nowhere left to complain
        p += w;
        n -= size_t(w);
    }
}

void refuse_terminal(int fd, const std::string& what) {
    if (isatty(fd))
        throw UsageError("will not write " + what + " to a terminal: use -o FILE or redirect");
}

// ".NAME.tmp" and six random letters or digits, beside path.
static std::string temp_name_for(const std::string& path) {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 random{std::random_device{}() ^ uint64_t(getpid())};
    size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string name = dir + "." + base + ".tmp";
    uint64_t r = random();
    for (int i = 0; i < 6; i++, r /= 36) name += kChars[r % 36];
    return name;
}

AtomicFile::AtomicFile(std::string path, unsigned mode, size_t buffer) : path_(std::move(path)) {
    struct stat st;
    const bool exists = stat(path_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw Error(path_, strerror(EISDIR));
    if (exists && !S_ISREG(st.st_mode)) {
        fd_ = UniqueFd(open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC));
        if (fd_.get() < 0) throw_errno(path_);
        direct_ = true;
    } else {
        create_temp(mode);
    }
    writer_ = std::make_unique<Writer>(fd_.get(), path_, buffer);
}

// Made with mode itself, so the kernel applies the umask: no umask(2) round
// trip (which would briefly hold for the other threads too) and no fchmod.
void AtomicFile::create_temp(unsigned mode) {
    for (int attempt = 0;; attempt++) {
        temp_ = temp_name_for(path_);
        int err;
        {
            // the name is created and registered with the stop signals
            // blocked, so a signal never finds a temporary the registry lacks
            StopSignalsBlocked blocked;
            fd_ = UniqueFd(open(temp_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC,
                                mode_t(mode & 07777)));
            err = errno;
            if (fd_.get() >= 0) slot_ = register_temp(temp_);
        }
        if (fd_.get() >= 0) return;
        if (err != EEXIST || attempt == 100) {
            temp_.clear();
            throw_errno(path_, err);
        }
    }
}

// Remove the temporary (a direct write keeps what it wrote) and forget it.
void AtomicFile::discard() {
    fd_ = UniqueFd();
    if (!direct_ && !temp_.empty()) unlink(temp_.c_str());
    release_temp(slot_);
    slot_ = -1;
    temp_.clear();
}

AtomicFile::~AtomicFile() {
    writer_.reset();
    if (fd_.get() >= 0) discard();
}

void AtomicFile::commit() {
    writer_->flush();
    if (close(fd_.release()) != 0) {
        int err = errno;
        discard();
        throw_errno(path_, err);
    }
    if (direct_) return;
    if (rename(temp_.c_str(), path_.c_str()) != 0) {
        int err = errno;
        discard();
        throw_errno(path_, err);
    }
    release_temp(slot_);
    slot_ = -1;
}

Destination::Destination(const std::string& path, Writer& fallback) : fallback_(fallback) {
    if (!path.empty() && path != "-") file_ = new AtomicFile(path);
}

Destination::~Destination() { delete file_; }

void Destination::commit() {
    if (file_) file_->commit();
    else fallback_.flush();
}

}  // namespace rb
