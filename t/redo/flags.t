#!/bin/sh
# flags.t — progress lines, -k, and the exit status of a failed build.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

fresh progress
echo 'redo-ifchange a b' >all.do
echo 'redo-ifchange c; echo a >"$3"' >a.do
echo 'echo b >"$3"' >b.do
echo 'echo c >"$3"' >c.do
testing "progress lines name each target as it starts, indented by depth" \
	"redo 2>&1 >/dev/null" "redo  all\nredo    a\nredo      c\nredo    b\n"
testing "nothing on standard output" "redo all 2>/dev/null | wc -c" "0\n"

fresh keep
echo 'exit 2' >bad.do
echo 'echo good >"$3"' >good.do
echo 'redo-ifchange bad good' >all.do
testing "without -k the first failure ends the build" \
	"redo all 2>&1; echo \$?; test -e good || echo no good" \
	"redo  all\nredo    bad\nredo-ifchange: bad: bad.do failed: exit status 2\nredo: all: all.do failed: exit status 2\n2\nno good\n"
testing "-k builds what does not depend on the failure" \
	"redo -k all 2>&1; echo \$?; cat good" \
	"redo  all\nredo    bad\nredo-ifchange: bad: bad.do failed: exit status 2\nredo    good\nredo: all: all.do failed: exit status 2\n2\ngood\n"
testing "-k: a target that failed is not tried again in the same run" \
	"printf 'redo-ifchange bad || true\nredo-ifchange bad || true\n' >twice.do && redo -k twice 2>&1 | grep -c 'bad.do failed'" \
	"1\n"
testing "a failed dependency makes its dependent out of date next time" \
	"echo 'echo fixed >\"\$3\"' >bad.do && redo-ifchange twice 2>&1" \
	"redo  twice\nredo    bad\n"

fresh usage
testing "-j 0 is a usage error" "redo -j 0 2>&1; echo \$?" \
	"redo: --jobs: out of range 1..1000: 0\nusage: redo [-j N] [-kvx] [--shuffle] [TARGET ...]\n2\n"
testing "no .redo is made for a usage error" "test -e .redo || echo none" "none\n"
