#!/bin/sh
# redo-targets.t — every target built, from the records beside them.
. "$TOP/t/lib.sh"

mkdir -p tree/sub tree/other && cd tree
echo 'redo-ifchange src sub/t; echo a >"$3"' >a.do
echo 'redo-ifchange ../src; echo t >"$3"' >sub/t.do
echo 'echo o >"$3"' >other/o.do
echo src >src
redo a 2>/dev/null
testing "the targets below here, sorted, relative to here" "redo-targets" "a\nsub/t\n"
testing "from below" "cd sub && redo-targets" "t\n"
testing "a source is not one" "redo-targets | grep -c src" "0\n"
testing "an extra operand is a usage error" "redo-targets x 2>&1; echo \$?" \
	"redo-targets: extra operand: x\nusage: redo-targets\n2\n"
testing "a write error is an error" "redo-targets 2>&1 >/dev/full; echo \$?" \
	"redo-targets: standard output: No space left on device\n1\n"
