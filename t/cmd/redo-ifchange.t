#!/bin/sh
# redo-ifchange.t — build only what is out of date; more in t/redo/*.t.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo 'redo-ifchange "$2.in"; cat "$2.in" >"$3"' >default.out.do
echo one >x.in
testing "builds a target that was never built" "redo-ifchange x.out 2>&1 && cat x.out" \
	"redo  x.out\none\n"
testing "leaves an up-to-date one alone" "redo-ifchange x.out 2>&1" ""
testing "rebuilds it when a source's content changes" \
	"echo two >x.in && redo-ifchange x.out 2>&1 && cat x.out" "redo  x.out\ntwo\n"
testing "no operand: nothing to do" "redo-ifchange 2>&1; echo \$?" "0\n"
testing "a missing source with no .do fails" "redo-ifchange y.in 2>&1; echo \$?" \
	"redo-ifchange: y.in: no such file, and no .do file to make it\n1\n"
echo 'redo-ifchange x.out; echo "$(cat x.out) via ifchange" >"$3"' >uses.do
testing "records the dependency of the target being built" \
	"redo-ifchange uses 2>/dev/null && echo three >x.in && redo-ifchange uses 2>&1 && cat uses" \
	"redo  uses\nredo    x.out\nthree via ifchange\n"
