// threads.h — how many threads a -j/-p option asks for.
#pragma once
#include "options.h"

namespace rb {

// The number of online CPUs (at least 1).
unsigned online_cpus();
// The value of option key, or online_cpus() when absent; 1..1024.
unsigned thread_count(const Options& opts, const std::string& key);

}  // namespace rb
