// options.cc — fuzz the option parser with NUL-separated argument vectors
// against a spec that has every kind of option.
#include <string>
#include <vector>

#include "error.h"
#include "options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::vector<rb::Option> spec = {{'0', nullptr, nullptr},
                                                 {'C', nullptr, "DIR"},
                                                 {'o', "output", "FILE"},
                                                 {0, "gzip", nullptr},
                                                 {'j', "jobs", "N"}};
    std::vector<std::string> argv;
    std::string cur;
    for (size_t i = 0; i < size; i++) {
        if (data[i] == 0) {
            argv.push_back(cur);
            cur.clear();
        } else {
            cur += char(data[i]);
        }
    }
    argv.push_back(cur);
    try {
        std::vector<std::string> operands;
        rb::Options o = rb::parse_options(spec, argv, operands);
        o.number("j", 1, 1, 64);
    } catch (const rb::UsageError&) {
    }
    return 0;
}
