// progress.cc — the progress line's text and timing, and its drawing thread.
#include "progress.h"

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "output.h"
#include "redo_env.h"

namespace rb {

std::string format_bytes(unsigned long long n) {
    if (n < 1000) return std::to_string(n) + " B";
    static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = double(n) / 1024;
    size_t u = 0;
    // switch units before the number would print as 1000
    while (v >= 999.5 && u + 1 < sizeof units / sizeof *units) {
        v /= 1024;
        u++;
    }
    char buf[32];
    const char* format = v < 9.995 ? "%.2f %s" : v < 99.95 ? "%.1f %s" : "%.0f %s";
    snprintf(buf, sizeof buf, format, v, units[u]);
    return buf;
}

std::string format_rate(double bytes_per_second) {
    if (!(bytes_per_second > 0)) bytes_per_second = 0;  // also NaN
    if (bytes_per_second > 1e19) bytes_per_second = 1e19;
    return format_bytes((unsigned long long)(bytes_per_second + 0.5)) + "/s";
}

std::string progress_text(const std::string& name, unsigned long long done,
                          unsigned long long total, double bytes_per_second) {
    std::string s = name + ": " + format_bytes(done);
    if (total > 0) {
        // rounded down, and 100 only when done: 99.9% still shows 99%
        double pct = done >= total ? 100 : std::min(99.0, double(done) * 100 / double(total));
        s += "  " + std::to_string(int(pct)) + "%";
    }
    return s + "  " + format_rate(bytes_per_second);
}

ProgressLine::ProgressLine(std::string name) : name_(std::move(name)) { samples_.push_back({0, 0}); }

std::string ProgressLine::update(double seconds, unsigned long long done, unsigned long long total,
                                 unsigned width) {
    samples_.push_back({seconds, done});
    // keep one sample at least kWindow old, so the rate spans the window
    while (samples_.size() > 2 && samples_[1].seconds <= seconds - kWindow) samples_.pop_front();
    if (seconds < kDelay) return "";
    const Sample& first = samples_.front();
    double span = seconds - first.seconds;
    double rate = span > 0 && done > first.done ? double(done - first.done) / span : 0;
    std::string text = progress_text(name_, done, total, rate);
    if (width > 1 && text.size() > width - 1) text.resize(width - 1);
    drawn_ = true;
    return "\r" + text + "\x1b[K";
}

std::string ProgressLine::clear() const { return drawn_ ? "\r\x1b[K" : ""; }

namespace {

// A background job that wrote would get SIGTTOU (under stty tostop) and
// stop; one that stays quiet can be brought back to the foreground later.
bool in_foreground(int fd) { return tcgetpgrp(fd) == getpgrp(); }

unsigned terminal_width(int fd) {
    struct winsize ws;
    return ioctl(fd, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
}

}  // namespace

bool progress_wanted(int err, int out) {
    if (err < 0 || !isatty(err) || !in_foreground(err)) return false;
    if (out >= 0 && isatty(out)) return false;  // the line would cut into the output
    // The line is redrawn with "\r" and ESC [ K, which a dumb terminal lacks.
    const char* term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0) return false;
    // under redobox's redo, jobs may run side by side and it prints its
    // own lines, so they stay quiet
    return !inside_redo_build();
}

Progress::Progress(std::string name, int err, int out) : name_(std::move(name)), err_(err) {
    if (!progress_wanted(err, out)) return;
    try {
        thread_ = std::thread([this] { run(); });
    } catch (const std::system_error&) {
        return;  // no thread to spare: the work goes on without the line
    }
    drawing_ = true;
}

Progress::~Progress() { stop(); }

void Progress::stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Progress::run() {
    using Clock = std::chrono::steady_clock;
    constexpr auto kInterval = std::chrono::milliseconds(200);
    const Clock::time_point start = Clock::now();
    ProgressLine line(name_);
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, kInterval, [this] { return stopping_; })) {
        lock.unlock();  // the lock guards stopping_ only
        if (in_foreground(err_)) {
            double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            write_message(err_, line.update(seconds, counter_.done(), counter_.total(),
                                        terminal_width(err_)));
        }
        lock.lock();
    }
    lock.unlock();
    if (in_foreground(err_)) write_message(err_, line.clear());
}

}  // namespace rb
