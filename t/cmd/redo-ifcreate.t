#!/bin/sh
# redo-ifcreate.t — rebuild when a file appears; more in t/redo/deps.t.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo 'redo-ifcreate flag; echo absent >"$3"' >t.do
testing "the target is up to date while FILE is absent" \
	"redo-ifchange t 2>/dev/null && redo-ifchange t 2>&1 && cat t" "absent\n"
testing "and rebuilt once FILE exists" "touch flag && redo-ifchange t 2>&1; echo \$?" \
	"redo  t\nredo-ifcreate: flag: File exists\nredo-ifchange: t: t.do failed: exit status 1\n1\n"
testing "outside a .do it is an error" "redo-ifcreate x 2>&1; echo \$?" \
	"redo-ifcreate: no target is being built: run this from a .do script\n1\n"
testing "no operand is a usage error" "redo-ifcreate 2>&1; echo \$?" \
	"redo-ifcreate: missing operand\nusage: redo-ifcreate FILE ...\n2\n"
