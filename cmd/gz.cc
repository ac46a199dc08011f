// gz.cc — rsyncable, reproducible, parallel gzip; -d decompresses.
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "gzip.h"
#include "input.h"
#include "progress.h"
#include "threads.h"

namespace rb {

static int gz_main(Invocation& inv) {
    GzipOptions opts;
    bool decompress = false;
    // the last level and the last rsyncable choice given win
    for (const std::string& key : inv.opts.order()) {
        if (key.size() == 1 && key[0] >= '1' && key[0] <= '9') opts.level = key[0] - '0';
        else if (key == "rsyncable") opts.rsyncable = true;
        else if (key == "no-rsyncable") opts.rsyncable = false;
        else if (key == "d") decompress = true;
    }
    opts.threads = thread_count(inv.opts, "p");

    const std::string path = inv.args.empty() ? "-" : inv.args[0];
    const std::string name = path == "-" ? "standard input" : path;
    int fd = path == "-" ? inv.in : open_input(path);
    struct Close {
        int fd, keep;
        ~Close() {
            if (fd != keep) close(fd);
        }
    } closer{fd, inv.in};

    Destination dest(inv.opts.get("o"), inv.out);
    Progress progress("gz", inv.err, dest.writer().fd());
    opts.progress = progress.counter();
    if (opts.progress) {
        // a regular file says how much is left to read; a pipe does not
        struct stat st;
        off_t at = lseek(fd, 0, SEEK_CUR);
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && at >= 0 && st.st_size > at)
            opts.progress->set_total((unsigned long long)(st.st_size - at));
    }
    if (decompress) gunzip_stream(fd, name, dest.writer(), opts.progress);
    else gzip_stream(fd, name, dest.writer(), opts);
    dest.commit();
    return 0;
}

extern const Command gz_command = {
    "gz",
    "gz [-1 ... -9] [-d] [-o FILE] [-p N] [--rsyncable | --no-rsyncable] [FILE]",
    "Compress FILE, or standard input when there is no FILE or FILE is -, to one\n"
    "gzip member on standard output. The header holds no file name and no time,\n"
    "so the same input and options give the same bytes, whatever the number of\n"
    "threads. Blocks are compressed in parallel and, unless --no-rsyncable, cut\n"
    "where the content says, so a small edit in the input changes only nearby\n"
    "output (as gzip --rsyncable).\n"
    "\n"
    "  -1 ... -9       compression level, fast to best (default 6)\n"
    "  -d              decompress every gzip member of the input instead\n"
    "  -o FILE         write to FILE, which appears only when complete\n"
    "  -p N            compress with N threads (default: online CPUs)\n"
    "  --rsyncable     cut blocks at content-defined points (the default)\n"
    "  --no-rsyncable  cut blocks at fixed 1 MiB intervals (a little faster)\n",
    {{'1', nullptr, nullptr},
     {'2', nullptr, nullptr},
     {'3', nullptr, nullptr},
     {'4', nullptr, nullptr},
     {'5', nullptr, nullptr},
     {'6', nullptr, nullptr},
     {'7', nullptr, nullptr},
     {'8', nullptr, nullptr},
     {'9', nullptr, nullptr},
     {'d', nullptr, nullptr},
     {'o', nullptr, "FILE"},
     {'p', nullptr, "N"},
     {0, "rsyncable", nullptr},
     {0, "no-rsyncable", nullptr}},
    0,
    1,
    gz_main,
};

}  // namespace rb
