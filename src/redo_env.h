// redo_env.h — whether a .do of redobox's redo started this process, read
// from the variables the builder passes down (redo/context.cc sets them).
#pragma once

namespace rb {

// The prefix of every variable redobox's redo sets for a .do.
constexpr char kRedoEnvPrefix[] = "REDOBOX_";

// REDOBOX_RUN and REDOBOX_PARENT both set and not empty: this process runs
// under a .do of a running build (whose jobs share the terminal and whose
// stderr is the build's log).
bool inside_redo_build();

}  // namespace rb
