// redo/jobserver.cc — tokens in a FIFO.
#include "redo/jobserver.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "error.h"

namespace rb::redo {

Jobserver::Jobserver(std::string fifo) : fifo_(std::move(fifo)) {}

Jobserver::~Jobserver() {
    if (fd_ >= 0) close(fd_);
}

int Jobserver::fd() {
    if (fd_ < 0 && shared()) {
        // read and write on one descriptor: never blocks opening, and keeps
        // the FIFO alive while we hold it
        fd_ = open(fifo_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) throw_errno(fifo_);
    }
    return fd_;
}

bool Jobserver::try_take() {
    if (!shared()) return false;
    char c;
    for (;;) {
        ssize_t n = read(fd(), &c, 1);
        if (n == 1) {
            held_++;
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) throw_errno(fifo_);
        return false;
    }
}

void Jobserver::give_back() {
    if (!shared() || held_ == 0) return;
    char c = '+';
    while (write(fd(), &c, 1) != 1)
        if (errno != EINTR) throw_errno(fifo_);
    held_--;
}

void Jobserver::settle() {
    while (held_ > 1) give_back();
    while (held_ == 0) {
        if (try_take()) break;
        struct pollfd p = {fd(), POLLIN, 0};
        if (poll(&p, 1, -1) < 0 && errno != EINTR) throw_errno(fifo_);
    }
}

}  // namespace rb::redo
