#!/bin/sh
# redo-stamp.t — an unchanged stamp spares the dependents; more in
# t/redo/deps.t.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo same >input
printf 'redo-always\nredo-stamp <input\ndate +%%N >"$3"\n' >stamped.do
echo 'redo-ifchange stamped; echo x >>count; echo >"$3"' >user.do
testing "same stamp: the dependent is not rebuilt" \
	"redo-ifchange user 2>/dev/null && redo-ifchange user 2>&1 && wc -l <count" \
	"redo  stamped\n1\n"
testing "another stamp: it is" "echo other >input && redo-ifchange user 2>/dev/null && wc -l <count" \
	"2\n"
testing "outside a .do it is an error" "redo-stamp </dev/null 2>&1; echo \$?" \
	"redo-stamp: no target is being built: run this from a .do script\n1\n"
testing "an operand is a usage error" "redo-stamp x 2>&1; echo \$?" \
	"redo-stamp: extra operand: x\nusage: redo-stamp\n2\n"
