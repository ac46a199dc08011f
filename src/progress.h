// progress.h — a one-line progress display on a terminal for long work:
// counters the work bumps from any thread, the line's text, and the thread
// that redraws it.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace rb {

// Bytes done and, when known, bytes to do. Relaxed atomics: bumped from hot
// loops on any thread without a lock or a system call, read by the display.
class ProgressCounter {
public:
    void add(unsigned long long n) { done_.fetch_add(n, std::memory_order_relaxed); }
    void set_total(unsigned long long n) { total_.store(n, std::memory_order_relaxed); }
    unsigned long long done() const { return done_.load(std::memory_order_relaxed); }
    unsigned long long total() const { return total_.load(std::memory_order_relaxed); }  // 0: unknown

private:
    std::atomic<unsigned long long> done_{0}, total_{0};
};

// "0 B", "999 B", "1.00 KiB", "12.3 MiB", "456 GiB": three significant digits.
std::string format_bytes(unsigned long long n);
// format_bytes of a rate, with "/s".
std::string format_rate(double bytes_per_second);
// "NAME: 1.21 GiB  45%  143 MiB/s"; no percentage when total is 0.
std::string progress_text(const std::string& name, unsigned long long done,
                          unsigned long long total, double bytes_per_second);

// What to write to the terminal, and when: given the time, the counts and
// the width, it returns the bytes to write. It reads no clock and writes
// nothing itself, so tests drive it with made-up times.
class ProgressLine {
public:
    static constexpr double kDelay = 0.5;   // nothing for work shorter than this
    static constexpr double kWindow = 2.0;  // the rate is over about this many seconds

    explicit ProgressLine(std::string name);
    // At `seconds` since the work began, with done of total (0: unknown)
    // bytes, on a terminal `width` columns wide (0: unknown): "\r", the text
    // cut to width - 1 columns (never wrapping), and erase-to-end-of-line.
    // Empty until kDelay has passed.
    std::string update(double seconds, unsigned long long done, unsigned long long total,
                       unsigned width);
    // What erases the line and leaves the cursor at its start; empty when
    // nothing was drawn, so a short run writes nothing at all.
    std::string clear() const;

private:
    struct Sample {
        double seconds;
        unsigned long long done;
    };
    std::string name_;
    std::deque<Sample> samples_;  // the oldest at least kWindow old, when there is one
    bool drawn_ = false;
};

// Whether a command should draw progress on err: err is a terminal, this
// process is in its foreground process group, TERM names a terminal type
// (set, not "dumb"), the command's output out (-1: none) is not a terminal,
// and it is not run by redobox's redo, whose jobs share the terminal.
bool progress_wanted(int err, int out);

// The display: while it lives, when progress_wanted(err, out), a thread
// redraws the line on err a few times a second; stop() or the destructor
// erases it, so a message that follows starts on a clean line.
class Progress {
public:
    Progress(std::string name, int err, int out = -1);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // What the work bumps, or nullptr when nothing is drawn: then the work
    // skips counting altogether.
    ProgressCounter* counter() { return drawing_ ? &counter_ : nullptr; }
    // End the display; waits for the drawing thread. Idempotent.
    void stop();

private:
    void run();
    std::string name_;
    int err_;
    bool drawing_ = false;
    ProgressCounter counter_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace rb
