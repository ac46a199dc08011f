// tree/source_date.cc — parsing SOURCE_DATE_EPOCH.
#include "tree/source_date.h"

#include <cstdlib>
#include <string>

#include "error.h"

namespace rb {

long long source_date_epoch(long long max) {
    const char* text = std::getenv("SOURCE_DATE_EPOCH");
    if (!text || !*text) return 0;
    long long v = 0;
    for (const char* p = text; *p; p++) {
        if (*p < '0' || *p > '9') throw Error("SOURCE_DATE_EPOCH", std::string("not a number: ") + text);
        if (v > (max - (*p - '0')) / 10)
            throw Error("SOURCE_DATE_EPOCH", std::string("out of range 0..") + std::to_string(max) +
                                                 ": " + text);
        v = v * 10 + (*p - '0');
    }
    return v;
}

}  // namespace rb
