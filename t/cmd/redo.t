#!/bin/sh
# redo.t — the redo command's own cases; the full redo suite is t/redo/*.t
# (lookup, output rules, dependencies, parallel builds, interruption).
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo 'echo built-$1 >"$3"' >default.do
testing "builds the named targets" "redo a b 2>&1 && cat a b" "redo  a\nredo  b\nbuilt-a\nbuilt-b\n"
testing "rebuilds them though up to date" "redo a 2>&1" "redo  a\n"
testing "no target means all" "redo 2>&1 && cat all" "redo  all\nbuilt-all\n"
testing "state lives in .redo/ only" "ls -A | tr '\n' ' '" ".redo a all b default.do "
testing "a bad -j is a usage error" "redo -j x 2>&1; echo \$?" \
	"redo: --jobs: not a number: x\nusage: redo [-j N] [-kvx] [--shuffle] [TARGET ...]\n2\n"
testing "an unknown option is a usage error" "redo -q 2>&1; echo \$?" \
	"redo: unknown option: -q\nusage: redo [-j N] [-kvx] [--shuffle] [TARGET ...]\n2\n"
testing "a directory is no target" "redo . 2>&1; echo \$?" \
	"redo: .: a directory cannot be a target\n1\n"
