// redo/redo_command.h — what the redo commands share: their options, and the
// context of a .do that redo-ifcreate, redo-always and redo-stamp need.
#pragma once
#include <string>
#include <vector>

#include "command.h"
#include "redo/context.h"

namespace rb::redo {

// -j N, -x, -v, -k, as redo and redo-ifchange take them.
extern const std::vector<Option> kBuildOptions;
extern const char* const kBuildOptionHelp;

// Build inv.args (or `fallback` when there are none): forced for redo,
// only when out of date for redo-ifchange. Returns the exit status.
int run_build(Invocation& inv, bool force, const char* fallback);

// The context of the .do that runs us; Error when no .do does.
Context dofile_context();

}  // namespace rb::redo
