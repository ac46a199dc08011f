// redo/build.h — bringing a list of targets up to date in one process:
// check each, build what is out of date (several at once under -j, with the
// jobserver's tokens), wait for targets other processes are building, and
// report a dependency cycle instead of waiting for ever.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "redo/check.h"
#include "redo/context.h"
#include "redo/cycle.h"
#include "redo/jobserver.h"
#include "redo/store.h"

namespace rb::redo {

class Job;

class Builder {
public:
    // name: the command, for messages; err: progress and failure reports.
    Builder(Context& ctx, const std::string& name, int err);
    ~Builder();

    // Bring keys up to date (force: build even when up to date, even when
    // built earlier in this run) and log them as dependencies of the parent
    // target; under --shuffle, in a random order.
    // Returns 0, or the exit status of the first failure.
    int build(const std::vector<std::string>& keys, bool force);

private:
    struct Item;
    enum class Step { Next, NoSlot };

    Step evaluate(Item& it);
    Step start_build(Item& it);
    void start_waiting(Item& it);
    void retry_waiting(Item& it);
    void reap();
    void finish_ok(Item& it, const Dep& dep);
    void finish_failed(Item& it, int status, const std::string& error);
    bool slot_free();
    void ensure_run_dir();
    bool failed_before(const std::string& key) const;
    void mark_failed(const std::string& key) const;
    void drop_edge(Item& it);
    void report(const std::string& text);
    size_t add_item(const std::string& key, bool force, bool internal);
    void wait_for_events(bool want_token, bool waiting);

    Context& ctx_;
    std::string name_;
    int err_;
    Store store_;
    Checker checker_;
    std::unique_ptr<RunDir> run_dir_;
    std::unique_ptr<JobFifo> own_fifo_;  // a nested -j N's own job slots
    std::string run_path_;
    std::unique_ptr<Jobserver> jobs_;
    std::unique_ptr<WaitGraph> graph_;
    std::vector<std::unique_ptr<Item>> items_;
    std::unordered_map<std::string, size_t> index_;  // key -> items_ position
    // Every item below this index is Done (an item never leaves Done): the
    // loops over items_ start here, so a long build does not rescan its
    // finished thousands at each event.
    size_t settled_ = 0;
    unsigned running_ = 0;
    int status_ = 0;
    bool stop_ = false;
    std::string clean_marks_;  // for redo-log -u, written when the call ends
};

}  // namespace rb::redo
