// source_date.h — SOURCE_DATE_EPOCH, the time reproducible outputs carry
// instead of the clock's or the files' own
// (https://reproducible-builds.org/specs/source-date-epoch/).
#pragma once

namespace rb {

// text as SOURCE_DATE_EPOCH's value: 0 when null or empty. Throws
// Error("SOURCE_DATE_EPOCH", "not a number of seconds in 0..MAX: TEXT")
// unless it is decimal digits whose value is within [0, max].
long long parse_source_date_epoch(const char* text, long long max);

// The environment's SOURCE_DATE_EPOCH, parsed as above.
long long source_date_epoch(long long max);

// An mtime clamped to the epoch: files newer than it read as made then.
inline long long clamp_mtime(long long mtime, long long epoch) {
    return mtime < epoch ? mtime : epoch;
}

}  // namespace rb
