#!/bin/sh
# dofile.t — which .do builds a target, its $1 $2 $3, where and how it runs.
. "$TOP/t/lib.sh"

# each case in a directory of its own, so each has a .redo of its own
fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

fresh lookup
mkdir -p sub/dir
cat >default.a.x.do <<'EOF2'
[ ! -e "$3" ] || echo "\$3 exists already" >&2
echo "default.a.x.do in $(basename "$PWD"): 1=$1 2=$2 3 in $(dirname "$3")"
EOF2
echo 'echo "parent default.x.do: 1=$1 2=$2"' >default.x.do
testing "default.EXT.do in a parent: \$1 \$2 \$3 relative to it, run in its directory" \
	"redo sub/dir/t.a.x 2>&1 && cat sub/dir/t.a.x" \
	"redo  sub/dir/t.a.x\ndefault.a.x.do in lookup: 1=sub/dir/t.a.x 2=sub/dir/t 3 in sub/dir\n"
testing "the longest extension wins, and \$3 is a fresh name" \
	"redo sub/dir/u.a.x 2>/dev/null && cat sub/dir/u.a.x" \
	"default.a.x.do in lookup: 1=sub/dir/u.a.x 2=sub/dir/u 3 in sub/dir\n"
echo 'echo "dir default.x.do: 1=$1 2=$2"' >sub/dir/default.x.do
testing "a new, nearer default.do makes the target out of date" \
	"redo-ifchange sub/dir/t.a.x 2>&1 && cat sub/dir/t.a.x" \
	"redo  sub/dir/t.a.x\ndir default.x.do: 1=t.a.x 2=t.a\n"
echo 'echo "t.a.x.do: 1=$1 2=$2"' >sub/dir/t.a.x.do
testing "TARGET.do comes first; its \$2 equals \$1" \
	"redo-ifchange sub/dir/t.a.x 2>/dev/null && cat sub/dir/t.a.x" "t.a.x.do: 1=t.a.x 2=t.a.x\n"
testing "up to date: nothing runs" "redo-ifchange sub/dir/t.a.x 2>&1" ""
echo 'echo "t.a.x.do, changed: 1=$1"' >sub/dir/t.a.x.do
testing "a changed .do rebuilds its target" \
	"redo-ifchange sub/dir/t.a.x 2>/dev/null && cat sub/dir/t.a.x" "t.a.x.do, changed: 1=t.a.x\n"
rm sub/dir/t.a.x.do
testing "a removed .do gives way to the next one" \
	"redo-ifchange sub/dir/t.a.x 2>/dev/null && cat sub/dir/t.a.x" "dir default.x.do: 1=t.a.x 2=t.a\n"
echo 'echo "default.do: 1=$1 2=$2"' >default.do
testing "default.do: \$2 equals \$1" "redo sub/other.y 2>/dev/null && cat sub/other.y" \
	"default.do: 1=sub/other.y 2=sub/other.y\n"
# a default.do above $T (outside the test's control) would be found first
stray=$(d=$T; while [ "$d" != / ]; do d=$(dirname "$d"); ls "$d"/default*.do 2>/dev/null; done)
if [ -z "$stray" ]; then
	testing "a target with no .do anywhere up to / is an error" \
		"mkdir \"$T/none\" && cd \"$T/none\" && redo nothing 2>&1; echo \$?" \
		"redo: nothing: no .do file to make it\n1\n"
else
	skip "a target with no .do anywhere up to / is an error" "a default.do above $T"
fi

fresh gone
echo 'echo made >"$3"' >x.do
redo x 2>/dev/null
rm x.do
testing "redo of a target whose .do is gone is an error" "redo x 2>&1; echo \$?; cat x" \
	"redo: x: no .do file to make it\n1\nmade\n"
testing "redo-ifchange keeps the file, as a source from now on" \
	"redo-ifchange x 2>&1 && cat x && redo x 2>&1" \
	"made\nredo: x: a source file (it exists and redo did not build it)\n"

fresh interp
printf '#!/usr/bin/perl\nopen(my $f, ">", $ARGV[2]) or die; print $f "perl: $ARGV[0] $ARGV[1]\\n";\n' >p.do
printf '#!/usr/bin/awk -f\nBEGIN { print "awk: " ARGV[1] " " ARGV[2] > ARGV[3]; exit 0 }\n' >a.do
ln -s /bin/echo e.do
printf 'false\necho not reached >&2\n' >f.do
printf 'echo one\nexit 0\n' >s.do
testing "a #! .do runs under its interpreter though not executable" \
	"test ! -x p.do && redo p 2>/dev/null && cat p" "perl: p p\n"
testing "a #! line with an argument" "redo a 2>/dev/null && cat a" "awk: a a\n"
testing "an executable .do without #! runs directly" \
	"redo e 2>/dev/null && cut -d ' ' -f 1,2 e && grep -c '^e e \\.e\\.redo' e" "e e\n1\n"
testing "any other .do runs under sh -e: the first failure stops it" \
	"redo f 2>&1; echo \$?; test -e f || echo no target" \
	"redo  f\nredo: f: f.do failed: exit status 1\n1\nno target\n"
testing "-x traces a sh .do" "redo -x s 2>&1 | grep -c '^+ echo one'" "1\n"
testing "-v echoes a sh .do" "redo -v s 2>&1 | grep -c '^exit 0'" "1\n"
