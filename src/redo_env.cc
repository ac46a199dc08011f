// redo_env.cc — whether a .do of redobox's redo started this process.
#include "redo_env.h"

#include <cstdlib>
#include <string>

namespace rb {

static bool set_and_not_empty(const char* name) {
    const char* v = getenv((std::string(kRedoEnvPrefix) + name).c_str());
    return v && *v;
}

bool inside_redo_build() { return set_and_not_empty("RUN") && set_and_not_empty("PARENT"); }

}  // namespace rb
