// redo/record.h — what redo remembers about a file: the stat fingerprint
// that makes the up-to-date check cheap, the content hash that decides when
// the fingerprint differs, and for a target the dependencies of its last
// build. Records are small text files, one per file, in .redo/db.
#pragma once
#include <sys/stat.h>

#include <string>
#include <string_view>
#include <vector>

namespace rb::redo {

// A file's identity for the cheap check: mtime, ctime, size, inode and mode.
// Equal fingerprints mean "unchanged"; different ones mean "hash it".
std::string fingerprint(const struct stat& st);

// The fingerprint recorded when the file may still change within the same
// clock tick as its timestamps (a write right after we looked would keep the
// same mtime): kRacy never matches, so the next check hashes the file.
extern const char* const kRacy;
bool is_racy(const struct stat& st);

struct Dep {
    enum Kind { Source, Target, IfCreate } kind = Source;
    std::string path;     // relative to the top of the tree
    std::string fp;       // Source: fingerprint when recorded
    std::string version;  // Source: content hash; Target: its version then
};

// The version recorded for a dependency that failed to build: never current.
extern const char* const kFailedVersion;

struct Record {
    enum Kind { None, Source, Target } kind = None;
    // Source: fp and content hash. Target: output fingerprint ("-" when the
    // .do made no file), run id of its last build, and version: what
    // dependents compare (the stamp hash when redo-stamp was used, else a
    // fresh random token per build).
    std::string fp, hash;
    std::string run, version, stamp;
    bool always = false;
    std::vector<Dep> deps;
};

std::string format_record(const Record& r);
// A record from its text; false when the text is not one (then r is a
// Target that is never up to date, so the file gets rebuilt, not trusted).
bool parse_record(std::string_view text, Record& r);

// One line of a dependency log (what redo-ifchange and friends append for
// the target being built), and the parser of a whole log into r.
std::string format_dep(const Dep& d);
bool parse_dep_lines(std::string_view text, Record& r);

// 128 random bits as 32 hex digits.
std::string random_token();

}  // namespace rb::redo
