// redo_env_test.cc — redo_env.cc: whether a .do of redobox's redo started us.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "redo_env.h"

using namespace rb;

namespace {

// A variable set (or unset) for a scope, as it was afterwards.
class EnvVar {
public:
    EnvVar(const char* name, const char* value) : name_(name) {
        const char* old = getenv(name);
        had_ = old != nullptr;
        if (had_) old_ = old;
        if (value) setenv(name, value, 1);
        else unsetenv(name);
    }
    ~EnvVar() {
        if (had_) setenv(name_, old_.c_str(), 1);
        else unsetenv(name_);
    }

private:
    const char* name_;
    bool had_;
    std::string old_;
};

}  // namespace

TEST_CASE("inside_redo_build: REDOBOX_RUN and REDOBOX_PARENT both set and not empty") {
    CHECK(std::string(kRedoEnvPrefix) == "REDOBOX_");
    {
        EnvVar run("REDOBOX_RUN", nullptr), parent("REDOBOX_PARENT", nullptr);
        CHECK_FALSE(inside_redo_build());
    }
    {
        EnvVar run("REDOBOX_RUN", "abc"), parent("REDOBOX_PARENT", nullptr);
        CHECK_FALSE(inside_redo_build());  // a build that is over: no parent
    }
    {
        EnvVar run("REDOBOX_RUN", "abc"), parent("REDOBOX_PARENT", "");
        CHECK_FALSE(inside_redo_build());
    }
    {
        EnvVar run("REDOBOX_RUN", ""), parent("REDOBOX_PARENT", "x.do");
        CHECK_FALSE(inside_redo_build());
    }
    {
        EnvVar run("REDOBOX_RUN", "abc"), parent("REDOBOX_PARENT", "x.do");
        CHECK(inside_redo_build());
    }
}
