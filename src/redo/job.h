// redo/job.h — one run of a .do: its temporaries ($3 and the file that
// catches stdout), the child process, and on its end the output rules:
// $3 renamed over the target, else non-empty stdout, else no target; both
// is an error; a failure keeps the old target. Then the target's record.
#pragma once
#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "redo/context.h"
#include "redo/dofile.h"
#include "redo/store.h"

namespace rb::redo {

struct JobResult {
    int status = 0;       // 0, or the exit status to report
    std::string error;    // what went wrong, "TARGET: reason" (empty: a plain failure)
    Record record;        // the new record on success
};

class Job {
public:
    // run_dir holds the dependency log of the job.
    Job(const Context& ctx, const Store& store, const std::string& run_dir, std::string key,
        DoFile dofile);
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    // Print the progress line and start the .do.
    void start(int err);
    pid_t pid() const { return pid_; }
    // The read end of the .do's stderr, for poll(); pump() passes on what
    // is there to read (to err and to the log).
    int err_pipe() const { return err_pipe_; }
    void pump();
    // The child ended with wait status ws: apply the output rules.
    JobResult finish(int ws);

private:
    JobResult fail(int status, const std::string& reason);
    bool relink_stdout();
    void open_stdout(const std::string& beside);
    void keep_log();
    void pass_line(std::string_view line, std::string& log, std::string& shown);
    void flush_lines(const std::string& log, const std::string& shown);
    void cleanup();
    Record make_record(const struct stat* out);

    const Context& ctx_;
    const Store& store_;
    std::string key_, target_, log_;
    DoFile do_;
    std::string tmp3_, tmpout_;
    int out_fd_ = -1, slot3_ = -1, slotout_ = -1;
    bool existed_ = false;
    std::string before_;
    pid_t pid_ = -1;
    std::string errlog_, partial_;
    int err_pipe_ = -1, errlog_fd_ = -1, err_ = 2;
};

}  // namespace rb::redo
