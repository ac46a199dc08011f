#!/bin/sh
# redo-whichdo.t — the .do candidates of a target, ending with the one found.
. "$TOP/t/lib.sh"

mkdir -p tree/sub && cd tree
: >default.o.do
testing "candidates up to the one found, relative to here" "redo-whichdo sub/x.y.o" \
	"sub/x.y.o.do\nsub/default.y.o.do\nsub/default.o.do\nsub/default.do\ndefault.y.o.do\ndefault.o.do\n"
testing "from below" "cd sub && redo-whichdo x.o" "x.o.do\ndefault.o.do\ndefault.do\n../default.o.do\n"
testing "the target's own .do" ": >sub/x.o.do && redo-whichdo sub/x.o" "sub/x.o.do\n"
testing "none: every candidate up to the root, then exit 1" \
	"redo-whichdo nothing.z 2>&1 | tail -n 2 | sed 's|^\\(\\.\\./\\)*||'; redo-whichdo nothing.z >/dev/null 2>&1; echo \$?" \
	"default.do\nredo-whichdo: nothing.z: no .do file to make it\n1\n"
testing "no operand is a usage error" "redo-whichdo 2>&1; echo \$?" \
	"redo-whichdo: missing operand\nusage: redo-whichdo TARGET\n2\n"
