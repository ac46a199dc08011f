// redo/dofile.h — which .do builds a target, with which arguments, and how
// it is run.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rb::redo {

// One place a .do for a target could be: dir (absolute), file name, and the
// extension that default.EXT.do strips from $2 ("" for TARGET.do and
// default.do).
struct DoCandidate {
    std::string dir, file, ext;
    std::string path() const { return dir == "/" ? "/" + file : dir + "/" + file; }
};

// Where to look for the .do of target (absolute, normalised), most specific
// first: TARGET.do in its directory, then default.EXT.do for each extension
// from the longest down to default.do, in its directory and then in each
// parent up to the root.
std::vector<DoCandidate> do_candidates(const std::string& target);

struct DoFile {
    DoCandidate where;
    std::string arg1, arg2;            // $1 and $2: relative to where.dir
    std::vector<std::string> missing;  // candidates before it (absolute)
};

// The first candidate that exists as a file, or nothing.
std::optional<DoFile> find_dofile(const std::string& target);

// The interpreter words of a "#!" first line ("#!/usr/bin/awk -f" ->
// {"/usr/bin/awk", "-f"}); empty when head does not start with "#!".
std::vector<std::string> shebang_words(std::string_view head);

// The argv that runs a .do in its directory with $1 $2 $3: its "#!"
// interpreter when its first line has one (executable or not), else the
// file itself when executable, else sh -e. trace/verbose add -x/-v to sh.
std::vector<std::string> do_argv(const DoFile& d, const std::string& arg3, bool trace,
                                 bool verbose);

}  // namespace rb::redo
