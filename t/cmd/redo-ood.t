#!/bin/sh
# redo-ood.t — the targets out of date now; nothing built.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
echo 'redo-ifchange b src; echo a >>count; echo a >"$3"' >a.do
echo 'redo-ifchange src2; echo b >"$3"' >b.do
echo 'redo-always; echo c >"$3"' >c.do
echo src >src
echo src2 >src2
redo a c 2>/dev/null
testing "after a build: only what redo-always marks" "redo-ood" "c\n"
testing "a changed source: its target and what depends on it" "echo new >src2 && redo-ood" "a\nb\nc\n"
testing "nothing was built" "cat count" "a\n"
testing "a touch alone changes nothing" "echo src2 >src2 && touch src && redo-ood" "c\n"
testing "a target changed by hand is out of date" "echo x >b && redo-ood" "a\nb\nc\n"
testing "an extra operand is a usage error" "redo-ood x 2>&1; echo \$?" \
	"redo-ood: extra operand: x\nusage: redo-ood\n2\n"
