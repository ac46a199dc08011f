#!/bin/sh
# redo-always.t — always out of date, once per build; more in t/redo/deps.t.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo 'redo-always; echo x >>count; echo >"$3"' >t.do
echo 'redo-ifchange t t' >all.do
testing "rebuilt by every build, once" \
	"redo all 2>/dev/null && redo-ifchange t 2>/dev/null && wc -l <count" "2\n"
testing "outside a .do it is an error" "redo-always 2>&1; echo \$?" \
	"redo-always: no target is being built: run this from a .do script\n1\n"
testing "an operand is a usage error" "redo-always x 2>&1; echo \$?" \
	"redo-always: extra operand: x\nusage: redo-always\n2\n"
