// redo/redo_command.cc — the shared entry of redo and redo-ifchange.
#include "redo/redo_command.h"

#include "error.h"
#include "redo/build.h"

namespace rb::redo {

const std::vector<Option> kBuildOptions = {
    {'j', "jobs", "N"},
    {'k', "keep-going", nullptr},
    {0, "shuffle", nullptr},
    {'v', "verbose", nullptr},
    {'x', "trace", nullptr},
};

const char* const kBuildOptionHelp =
    "  -j, --jobs N       run up to N .do scripts at once; nested calls share\n"
    "                     the build's jobserver unless given -j of their own\n"
    "  -k, --keep-going   after a failure, go on with what does not depend on it\n"
    "      --shuffle      build each call's targets in a random order (nested\n"
    "                     calls too), to expose missing dependencies\n"
    "  -v, --verbose      run sh .do scripts with -v (echo them)\n"
    "  -x, --trace        run sh .do scripts with -x (trace them)\n";

int run_build(Invocation& inv, bool force, const char* fallback) {
    Flags flags;
    flags.trace = inv.opts.has("trace");
    flags.verbose = inv.opts.has("verbose");
    flags.keep_going = inv.opts.has("keep-going");
    flags.shuffle = inv.opts.has("shuffle");
    unsigned jobs = unsigned(inv.opts.number("jobs", 1, 1, 1000));
    Context ctx = Context::from_environment(flags, jobs);
    ctx.flags.trace |= flags.trace;
    ctx.flags.verbose |= flags.verbose;
    ctx.flags.keep_going |= flags.keep_going;
    ctx.flags.shuffle |= flags.shuffle;
    // a nested call given -j gets a jobserver of its own, which its .do
    // scripts inherit
    if (!ctx.top_level && inv.opts.has("jobs")) {
        ctx.own_jobs = true;
        ctx.jobs = jobs;
    }
    std::vector<std::string> keys;
    for (const std::string& a : inv.args) keys.push_back(ctx.key_of(a));
    if (keys.empty() && fallback) keys.push_back(ctx.key_of(fallback));
    Builder builder(ctx, inv.command.name, inv.err);
    return builder.build(keys, force);
}

Context dofile_context() {
    if (!Context::inside_build()) throw Error("no target is being built", "run this from a .do script");
    return Context::from_environment(Flags(), 1);
}

}  // namespace rb::redo
