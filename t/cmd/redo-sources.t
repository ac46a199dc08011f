#!/bin/sh
# redo-sources.t — every source the built targets depended on.
. "$TOP/t/lib.sh"

mkdir -p tree/sub && cd tree
echo 'redo-ifchange src sub/t; echo a >"$3"' >a.do
echo 'redo-ifchange ../src ../src2; echo t >"$3"' >sub/t.do
echo src >src
echo src2 >src2
redo a 2>/dev/null
testing "each source once, .do files too, no target" "redo-sources" "a.do\nsrc\nsrc2\nsub/t.do\n"
testing "from below: the sources of the targets below" "cd sub && redo-sources" "../src\n../src2\nt.do\n"
testing "an extra operand is a usage error" "redo-sources x 2>&1; echo \$?" \
	"redo-sources: extra operand: x\nusage: redo-sources\n2\n"
