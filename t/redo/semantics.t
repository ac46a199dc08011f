#!/bin/sh
# semantics.t — what existing redo projects rely on: an explicit redo always
# rebuilds; a nested -j N has job slots of its own; names resolve as the
# kernel resolves them; a .do may make its target a directory, or remake its
# target's directory; --shuffle.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

fresh again
echo 'if [ -e flag ]; then echo second; else echo first; fi >"$3"' >x.do
printf 'redo x\ntouch flag\nredo x\ncat x >"$3"\n' >all.do
testing "redo x twice in one run: the .do runs twice, the second result stays" \
	"redo all 2>&1 && cat x" "redo  all\nredo    x\nredo    x\nsecond\n"
echo 'echo y >"$3"' >y.do
printf 'redo-ifchange y\necho : >y.do\nredo y\n' >gone.do
testing "... and a second .do that writes nothing leaves no file" \
	"redo gone 2>&1; test -e y || echo no y" "redo  gone\nredo    y\nredo    y\nno y\n"
printf 'redo-ifchange z\nredo-ifchange z\n' >once.do
echo 'echo z >>count; echo z >"$3"' >z.do
testing "redo-ifchange still builds once per run" \
	"redo once 2>/dev/null && wc -l <count" "1\n"

fresh jobs
cat >a.do <<'EOF2'
i=0
while [ ! -e b.started ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -e b.started ] || { echo "b has not started" >&2; exit 1; }
echo a >"$3"
EOF2
printf ': >b.started\nwhile [ ! -e a ] && [ ! -e a.failed ]; do sleep 0.05; done\necho b >"$3"\n' >b.do
printf 'redo -j 10 a b || { : >a.failed; exit 1; }\necho all >"$3"\n' >all.do
testing "a nested redo -j 10 under a redo without -j runs a and b at once" \
	"timeout 60 redo all 2>&1; echo \$?" "redo  all\nredo    a\nredo    b\n0\n"

fresh names
mkdir -p top/y
ln -s . top/y/x
echo 'echo in-top >"$3"' >top/static.do
echo wrong >top/y/static
testing "'..' after a symlinked directory is the physical parent" \
	"cd top/y/x/x/x && redo-ifchange ../static 2>&1 && redo-ifchange \"\$PWD/../static\" 2>&1; cat \"$T/names/top/static\"" \
	"redo  ../static\nin-top\n"
echo wrong >top/y/other
testing "... and when that does not exist, an error, though y/other does" \
	"cd top/y/x/x/x && redo-ifchange ../other 2>&1; echo \$?" \
	"redo-ifchange: ../other: no such file, and no .do file to make it\n1\n"
echo 'echo t >>count; echo t >"$3"' >top/y/t.do
testing "a target through a symlinked directory and by its own name: one target" \
	"cd top && redo-ifchange y/x/x/t y/t y/x/t 2>/dev/null && wc -l <y/count && ls y/.redo/rec" \
	"1\nt\nt.do\n"

fresh dirs
printf 'rm -rf "$1"\nmkdir "$1"\necho in >"$1/file"\n' >out.do
testing "a .do may make its target a directory itself" \
	"redo out 2>&1; echo \$?; cat out/file" "redo  out\n0\nin\n"
testing "... and it is up to date afterwards" "redo-ifchange out 2>&1; echo \$?" "0\n"
mkdir x
echo 'rm -rf x; mkdir x; echo out' >x/a.spam.do
mv x/a.spam.do default.spam.do
testing "a .do that remakes its target's directory still gets its stdout installed" \
	"redo x/a.spam 2>&1 && cat x/a.spam && ls -A x | grep -c 'redo-.*tmp'" \
	"redo  x/a.spam\nout\n0\n"

fresh shuffle
i=0
while [ $i -lt 20 ]; do echo "echo $i >>order; : >\"\$3\"" >t$i.do; i=$((i + 1)); done
printf 'redo t0 t1 t2 t3 t4 t5 t6 t7 t8 t9\n' >inner.do
testing "--shuffle: each call's targets in a random order, nested calls too" \
	"redo --shuffle t10 t11 t12 t13 t14 t15 t16 t17 t18 t19 inner 2>/dev/null
	 sort -n order | tr '\n' ' '; echo
	 awk '\$1 >= 10' order | tr '\n' ' ' | grep -qv '^10 11 12 13 14 15 16 17 18 19 \$' && echo outer shuffled
	 awk '\$1 < 10' order | tr '\n' ' ' | grep -qv '^0 1 2 3 4 5 6 7 8 9 \$' && echo inner shuffled" \
	"0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 \nouter shuffled\ninner shuffled\n"
testing "without it, the order given" \
	"rm order && redo t10 t11 t12 t13 t14 t15 t16 t17 t18 t19 inner 2>/dev/null && tr '\n' ' ' <order" \
	"10 11 12 13 14 15 16 17 18 19 0 1 2 3 4 5 6 7 8 9 "
