// redo_dofile_test.cc — .do lookup and how a .do is run.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "helpers.h"
#include "redo/dofile.h"

using namespace rb::redo;
using rbtest::ScratchDir;

static std::vector<std::string> names(const std::vector<DoCandidate>& cs, size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n && i < cs.size(); i++) out.push_back(cs[i].path() + " " + cs[i].ext);
    return out;
}

TEST_CASE("candidates: TARGET.do, then default.EXT.do longest first, up to /") {
    std::vector<DoCandidate> cs = do_candidates("/t/sub/x.a.b");
    CHECK(names(cs, 8) == std::vector<std::string>{
                              "/t/sub/x.a.b.do ",
                              "/t/sub/default.a.b.do .a.b",
                              "/t/sub/default.b.do .b",
                              "/t/sub/default.do ",
                              "/t/default.a.b.do .a.b",
                              "/t/default.b.do .b",
                              "/t/default.do ",
                              "/default.a.b.do .a.b",
                          });
    CHECK(cs.size() == 10);
    CHECK(cs.back().path() == "/default.do");
    // a leading dot starts an extension too
    CHECK(names(do_candidates("/t/.x"), 3) ==
          std::vector<std::string>{"/t/.x.do ", "/t/default.x.do .x", "/t/default.do "});
}

TEST_CASE("find_dofile: a parent's default.EXT.do, its $1 $2, and what was missing") {
    ScratchDir d;
    mkdir((d / "sub").c_str(), 0777);
    rbtest::write_file(d / "default.b.do", "");
    std::optional<DoFile> f = find_dofile(d / "sub/x.a.b");
    REQUIRE(f);
    CHECK(f->where.path() == d / "default.b.do");
    CHECK(f->arg1 == "sub/x.a.b");
    CHECK(f->arg2 == "sub/x.a");
    CHECK(f->missing == std::vector<std::string>{d / "sub/x.a.b.do", d / "sub/default.a.b.do",
                                                 d / "sub/default.b.do", d / "sub/default.do",
                                                 d / "default.a.b.do"});
    rbtest::write_file(d / "sub/x.a.b.do", "");
    f = find_dofile(d / "sub/x.a.b");
    REQUIRE(f);
    CHECK(f->arg1 == "x.a.b");
    CHECK(f->arg2 == "x.a.b");
    CHECK(f->missing.empty());
}

TEST_CASE("find_dofile: default.do gives $2 = $1, and never builds itself") {
    ScratchDir d;
    rbtest::write_file(d / "default.do", "");
    std::optional<DoFile> f = find_dofile(d / "y.z");
    REQUIRE(f);
    CHECK(f->arg1 == "y.z");
    CHECK(f->arg2 == "y.z");
    // the only candidate for "default.do" that exists is itself
    std::optional<DoFile> self = find_dofile(d / "default.do");
    CHECK((!self || self->where.path() != d / "default.do"));
}

TEST_CASE("shebang_words") {
    CHECK(shebang_words("#!/usr/bin/awk -f\nBEGIN") ==
          std::vector<std::string>{"/usr/bin/awk", "-f"});
    CHECK(shebang_words("#! /bin/sh\r\necho") == std::vector<std::string>{"/bin/sh"});
    CHECK(shebang_words("#!/usr/bin/env  python3  -u") ==
          std::vector<std::string>{"/usr/bin/env", "python3", "-u"});
    CHECK(shebang_words("echo #!/bin/sh").empty());
    CHECK(shebang_words("").empty());
}

TEST_CASE("do_argv: #! interpreter, executable, else sh -e") {
    ScratchDir d;
    DoFile f;
    f.where = {d.path(), "x.do", ""};
    f.arg1 = "x";
    f.arg2 = "x";
    using V = std::vector<std::string>;
    rbtest::write_file(d / "x.do", "echo hi\n");
    CHECK(do_argv(f, "t3", false, false) == V{"sh", "-e", "x.do", "x", "x", "t3"});
    CHECK(do_argv(f, "t3", true, true) == V{"sh", "-e", "-v", "-x", "x.do", "x", "x", "t3"});
    chmod((d / "x.do").c_str(), 0755);
    CHECK(do_argv(f, "t3", true, false) == V{"./x.do", "x", "x", "t3"});
    rbtest::write_file(d / "x.do", "#!/usr/bin/awk -f\nBEGIN{}\n");
    CHECK(do_argv(f, "t3", true, false) == V{"/usr/bin/awk", "-f", "x.do", "x", "x", "t3"});
    rbtest::write_file(d / "x.do", "#!/bin/sh -e\n");
    CHECK(do_argv(f, "t3", true, false) == V{"/bin/sh", "-e", "-x", "x.do", "x", "x", "t3"});
    f.where.file = "nope.do";
    CHECK_THROWS(do_argv(f, "t3", false, false));
}
