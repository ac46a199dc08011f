// source_date.cc — the one reader of SOURCE_DATE_EPOCH.
#include "source_date.h"

#include <cstdlib>
#include <string>

#include "error.h"

namespace rb {

long long parse_source_date_epoch(const char* text, long long max) {
    if (!text || !*text) return 0;
    long long v = 0;
    for (const char* p = text; *p; p++) {
        if (*p < '0' || *p > '9' || v > (max - (*p - '0')) / 10)
            throw Error("SOURCE_DATE_EPOCH", "not a number of seconds in 0.." +
                                                 std::to_string(max) + ": " + text);
        v = v * 10 + (*p - '0');
    }
    return v;
}

long long source_date_epoch(long long max) {
    return parse_source_date_epoch(std::getenv("SOURCE_DATE_EPOCH"), max);
}

}  // namespace rb
