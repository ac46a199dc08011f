// tree/source_date.h — SOURCE_DATE_EPOCH, the timestamp reproducible archives
// use instead of the files' own (https://reproducible-builds.org/specs/source-date-epoch/).
#pragma once
#include <ctime>

namespace rb {

// The value of SOURCE_DATE_EPOCH: 0 when unset or empty. Throws
// Error("SOURCE_DATE_EPOCH", …) unless it is a decimal number of seconds
// within [0, max].
long long source_date_epoch(long long max);

// An mtime clamped to the epoch: files newer than it read as made then.
inline long long clamp_mtime(long long mtime, long long epoch) {
    return mtime < epoch ? mtime : epoch;
}

}  // namespace rb
