// threads.cc — CPU count and thread options.
#include "threads.h"

#include <unistd.h>

namespace rb {

unsigned online_cpus() {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? unsigned(n) : 1;
}

unsigned thread_count(const Options& opts, const std::string& key) {
    return unsigned(opts.number(key, long(online_cpus()), 1, 1024));
}

}  // namespace rb
