// gz.cc — rsyncable, reproducible, parallel gzip; -d decompresses. Used as
// gzip is: FILE becomes FILE.gz, -c writes to standard output, no FILE is a
// filter.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "gzip/gzip.h"
#include "input.h"
#include "progress.h"
#include "threads.h"
#include "unique_fd.h"

namespace rb {

namespace {

struct GzRun {
    GzipOptions opts;
    bool decompress = false;
    bool keep = false;   // -k: keep FILE
    bool force = false;  // -f: overwrite an output, write to a terminal
};

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Compress or decompress fd to w, drawing progress while it lasts.
void transform(GzRun& run, int fd, const std::string& name, Writer& w, int err) {
    Progress progress("gz", err, w.fd());
    run.opts.progress = progress.counter();
    if (run.opts.progress) {
        // a regular file says how much is left to read; a pipe does not
        struct stat st;
        off_t at = lseek(fd, 0, SEEK_CUR);
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && at >= 0 && st.st_size > at)
            run.opts.progress->set_total((unsigned long long)(st.st_size - at));
    }
    if (run.decompress) gunzip_stream(fd, name, w, run.opts.progress);
    else gzip_stream(fd, name, w, run.opts);
    run.opts.progress = nullptr;
}

// path ("-": standard input) to out_path, or to standard output when empty.
void to_output(GzRun& run, const std::string& path, const std::string& out_path, Invocation& inv) {
    InputFile in(path, inv.in);
    Destination dest(out_path, inv.out);
    transform(run, in.fd(), in.name(), dest.writer(), inv.err);
    dest.commit();
}

// The name FILE's result takes: FILE.gz, or with -d FILE without its .gz
// (a .tgz becomes a .tar).
std::string in_place_name(const std::string& path, bool decompress) {
    if (!decompress) {
        if (ends_with(path, ".gz") || ends_with(path, ".tgz"))
            throw Error(path, "already has a .gz suffix, unchanged");
        return path + ".gz";
    }
    if (ends_with(path, ".gz") && path[path.size() - 4] != '/') return path.substr(0, path.size() - 3);
    if (ends_with(path, ".tgz") && path[path.size() - 5] != '/')
        return path.substr(0, path.size() - 4) + ".tar";
    throw Error(path, "unknown suffix, not .gz or .tgz");
}

// FILE to FILE.gz (or back with -d), written whole or not at all, with
// FILE's mode and times; then FILE is removed unless -k.
void in_place(GzRun& run, const std::string& path, Invocation& inv) {
    const std::string target = in_place_name(path, run.decompress);
    UniqueFd in(open_input(path));
    struct stat st;
    if (fstat(in.get(), &st) != 0) throw_errno(path);
    if (!S_ISREG(st.st_mode)) throw Error(path, "not a regular file, unchanged");
    struct stat old;
    if (!run.force && lstat(target.c_str(), &old) == 0)
        throw Error(target, "already exists; -f overwrites it");
    AtomicFile out(target, st.st_mode & 07777);
    transform(run, in.get(), path, out.writer(), inv.err);
    out.commit();
    const struct timespec times[2] = {st.st_atim, st.st_mtim};
    utimensat(AT_FDCWD, target.c_str(), times, 0);  // best effort, as gzip
    if (!run.keep && unlink(path.c_str()) != 0) throw_errno(path);
}

}  // namespace

static int gz_main(Invocation& inv) {
    GzRun run;
    // the last level and the last rsyncable choice given win
    for (const std::string& key : inv.opts.order()) {
        if (key.size() == 1 && key[0] >= '1' && key[0] <= '9') run.opts.level = key[0] - '0';
        else if (key == "rsyncable") run.opts.rsyncable = true;
        else if (key == "no-rsyncable") run.opts.rsyncable = false;
    }
    run.decompress = inv.opts.has("d");
    run.keep = inv.opts.has("k");
    run.force = inv.opts.has("f");
    run.opts.threads = thread_count(inv.opts, "p");
    const std::string out_path = inv.opts.get("o");
    const bool piped = inv.opts.has("c") || inv.opts.has("o");

    std::vector<std::string> files = inv.args;
    if (files.empty()) files.push_back("-");
    if (inv.opts.has("o") && files.size() > 1) throw UsageError("-o takes one FILE");
    bool to_stdout = inv.opts.has("o") ? out_path == "-" : inv.opts.has("c");
    for (const std::string& f : files) to_stdout = to_stdout || (f == "-" && !inv.opts.has("o"));
    if (to_stdout && !run.decompress && !run.force) refuse_terminal(inv.out.fd(), "compressed data");
    for (const std::string& f : files) {
        if (piped || f == "-") to_output(run, f, out_path, inv);
        else in_place(run, f, inv);
    }
    return 0;
}

extern const Command gz_command = {
    "gz",
    "gz [-1 ... -9] [-cdfk] [-o FILE] [-p N] [--rsyncable | --no-rsyncable] [FILE ...]",
    "Compress each FILE to FILE.gz, with FILE's mode and times, and remove FILE\n"
    "(as gzip does); with -d, decompress FILE.gz to FILE. With no FILE, or FILE -,\n"
    "compress standard input to standard output. The output is one gzip member\n"
    "whose header holds no file name and no time, so the same input and options\n"
    "give the same bytes, whatever the number of threads. Blocks are compressed in\n"
    "parallel and, unless --no-rsyncable, cut where the content says, so a small\n"
    "edit in the input changes only nearby output (as gzip --rsyncable).\n"
    "Compressed data is not written to a terminal.\n"
    "\n"
    "  -1 ... -9       compression level, fast to best (default 6)\n"
    "  -c              write to standard output and keep FILE\n"
    "  -d              decompress every gzip member of the input instead\n"
    "  -f              overwrite an existing output; write to a terminal\n"
    "  -k              keep FILE\n"
    "  -o FILE         write to FILE, which appears only when complete; keep the input\n"
    "  -p N            compress with N threads (default: online CPUs)\n"
    "  --rsyncable     cut blocks at content-defined points (the default)\n"
    "  --no-rsyncable  cut blocks at fixed 1 MiB intervals (a little faster)\n",
    {{'1', nullptr, nullptr}, {'2', nullptr, nullptr}, {'3', nullptr, nullptr},
     {'4', nullptr, nullptr}, {'5', nullptr, nullptr}, {'6', nullptr, nullptr},
     {'7', nullptr, nullptr}, {'8', nullptr, nullptr}, {'9', nullptr, nullptr},
     {'c', nullptr, nullptr}, {'d', nullptr, nullptr}, {'f', nullptr, nullptr},
     {'k', nullptr, nullptr}, {'o', nullptr, "FILE"}, {'p', nullptr, "N"},
     {0, "rsyncable", nullptr}, {0, "no-rsyncable", nullptr}},
    0,
    -1,
    gz_main,
};

}  // namespace rb
