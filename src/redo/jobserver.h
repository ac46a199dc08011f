// redo/jobserver.h — the job tokens shared by every process of one build.
//
// A FIFO under .redo/run/ID holds N-1 tokens (bytes) for "-j N"; its path
// travels in the environment, so any redo started by a .do finds it even
// when whatever ran in between closed every inherited descriptor. Each
// process owns one implicit token (the one its caller ran it with) and takes
// more from the FIFO to run several .do scripts at once.
#pragma once
#include <string>

namespace rb::redo {

class Jobserver {
public:
    explicit Jobserver(std::string fifo = "");  // "": no sharing, one job at a time
    ~Jobserver();
    Jobserver(const Jobserver&) = delete;
    Jobserver& operator=(const Jobserver&) = delete;

    bool shared() const { return !fifo_.empty(); }
    unsigned held() const { return held_; }
    int fd();  // the FIFO, for poll(); -1 when not shared

    bool try_take();   // one more token without waiting; false when none is free
    void give_back();  // return one token to the pool
    // Wait until this process holds its one implicit token again, and return
    // any extra: how a process must leave the pool when it ends.
    void settle();

private:
    std::string fifo_;
    int fd_ = -1;
    unsigned held_ = 1;
};

}  // namespace rb::redo
