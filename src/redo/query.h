// redo/query.h — what redo-targets, redo-sources and redo-ood ask of the
// records: the targets recorded in the .redo/ directories below a directory.
#pragma once
#include <string>
#include <vector>

#include "redo/store.h"

namespace rb::redo {

// The keys (paths from "/") of every target whose record lies in a .redo/
// at or below dir (absolute), sorted.
std::vector<std::string> targets_below(const Store& store, const std::string& dir);

// The keys of every source that those targets depended on in their last
// build, sorted, each once.
std::vector<std::string> sources_of(const Store& store, const std::vector<std::string>& targets);

// keys as the three commands print them: one a line, in the order given,
// each relative to dir (absolute).
std::string key_lines(const std::vector<std::string>& keys, const std::string& dir);

}  // namespace rb::redo
