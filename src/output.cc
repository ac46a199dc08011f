// output.cc — Writer, AtomicFile and the signal-time cleanup of temporaries.
#include "output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "error.h"

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

// Temporaries awaiting commit, readable from a signal handler: fixed slots,
// each claimed and released atomically.
namespace {
constexpr int kSlots = 16;
char pending_path[kSlots][PATH_MAX];
std::atomic<bool> pending_used[kSlots];

int claim_slot(const std::string& path) {
    if (path.size() >= PATH_MAX) return -1;
    for (int i = 0; i < kSlots; i++) {
        bool expected = false;
        if (pending_used[i].compare_exchange_strong(expected, true)) {
            std::memcpy(pending_path[i], path.c_str(), path.size() + 1);
            return i;
        }
    }
    return -1;
}

void release_slot(int i) {
    if (i >= 0) pending_used[i] = false;
}

extern "C" void remove_pending(int sig) {
    for (int i = 0; i < kSlots; i++)
        if (pending_used[i]) unlink(pending_path[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}
}  // namespace

void refuse_terminal(int fd, const std::string& what) {
    if (isatty(fd))
        throw UsageError("will not write " + what + " to a terminal: use -o FILE or redirect");
}

void install_cleanup_handlers() {
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
        struct sigaction old;
        sigaction(sig, nullptr, &old);
        if (old.sa_handler == SIG_IGN) continue;  // keep what nohup and friends set
        struct sigaction sa{};
        sa.sa_handler = remove_pending;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, nullptr);
    }
}

static std::string temp_name_for(const std::string& path) {
    size_t slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    return dir + "." + base + ".tmpXXXXXX";
}

AtomicFile::AtomicFile(std::string path, unsigned mode) : path_(std::move(path)) {
    struct stat st;
    const bool exists = stat(path_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) throw Error(path_, strerror(EISDIR));
    if (exists && !S_ISREG(st.st_mode)) {
        fd_ = open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd_ < 0) throw_errno(path_);
        direct_ = true;
        writer_ = new Writer(fd_, path_, 1 << 18);
        return;
    }
    temp_ = temp_name_for(path_);
    // Block the cleanup signals while the name is created and registered, so
    // a signal never finds a temporary that the handler does not know about.
    sigset_t block, old;
    sigemptyset(&block);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&block, sig);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    fd_ = mkostemp(&temp_[0], O_CLOEXEC);
    int err = errno;
    if (fd_ >= 0) slot_ = claim_slot(temp_);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (fd_ < 0) throw_errno(path_, err);
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd_, mode & ~mask) != 0) {
        err = errno;
        unlink(temp_.c_str());
        release_slot(slot_);
        close(fd_);
        throw_errno(path_, err);
    }
    writer_ = new Writer(fd_, path_, 1 << 18);
}

AtomicFile::~AtomicFile() {
    delete writer_;
    if (fd_ >= 0) {
        close(fd_);
        if (!direct_) unlink(temp_.c_str());
    }
    release_slot(slot_);
}

void AtomicFile::commit() {
    writer_->flush();
    int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) {
        int err = errno;
        if (!direct_) unlink(temp_.c_str());
        throw_errno(path_, err);
    }
    if (direct_) return;
    if (rename(temp_.c_str(), path_.c_str()) != 0) {
        int err = errno;
        unlink(temp_.c_str());
        throw_errno(path_, err);
    }
    release_slot(slot_);
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
