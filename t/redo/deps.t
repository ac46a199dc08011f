#!/bin/sh
# deps.t — sources and targets, redo-ifcreate, redo-always, redo-stamp,
# building once per run (redo-ifchange), and targets in other directories.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

fresh src
cat >default.out.do <<'EOF2'
redo-ifchange "$2.in"
echo "$1" >>builds
tr a-z A-Z <"$2.in" >"$3"
EOF2
printf 'redo-ifchange a.out\necho all >>builds\ncat a.out >"$3"\n' >all.do
echo hello >a.in
redo all 2>/dev/null
testing "first build: the target and its dependent" "cat builds all" "a.out\nall\nHELLO\n"
testing "a touched source (same content) rebuilds nothing" \
	"touch a.in && redo-ifchange all 2>&1 && cat builds" "a.out\nall\n"
testing "a changed source rebuilds its dependents" \
	"echo bye >a.in && redo-ifchange all 2>&1 && cat all" "redo  all\nredo    a.out\nBYE\n"
testing "a change of the same size, moments after the build, is seen" \
	"echo bye >a.in && redo-ifchange all && echo hey >a.in && redo-ifchange all 2>/dev/null; cat all" \
	"HEY\n"
testing "a deleted target is rebuilt" "rm a.out && redo-ifchange all 2>&1 && cat a.out" \
	"redo  all\nredo    a.out\nHEY\n"
echo handmade >b.out
echo new >b.in
testing "a file redo never built is a source, even when a .do matches it" \
	"redo-ifchange b.out 2>&1 && cat b.out" "handmade\n"
testing "redo will not rebuild a source" "redo b.out 2>&1; echo \$?; cat b.out" \
	"redo: b.out: a source file (it exists and redo did not build it)\n1\nhandmade\n"
testing "a missing file without a .do is an error" "redo-ifchange nosuch.in 2>&1; echo \$?" \
	"redo-ifchange: nosuch.in: no such file, and no .do file to make it\n1\n"

fresh ifcreate
cat >conf.do <<'EOF2'
if [ -e override ]; then
	redo-ifchange override
	cat override >"$3"
else
	redo-ifcreate override
	echo default >"$3"
fi
EOF2
echo 'redo-ifcreate here' >bad.do
testing "redo-ifcreate: built while the file is absent" "redo-ifchange conf 2>/dev/null && cat conf" \
	"default\n"
testing "redo-ifcreate: up to date while it stays absent" "redo-ifchange conf 2>&1" ""
testing "redo-ifcreate: rebuilt when it appears" \
	"echo custom >override && redo-ifchange conf 2>/dev/null && cat conf" "custom\n"
testing "redo-ifcreate of a file that exists is an error" \
	"touch here && redo bad 2>&1; echo \$?" \
	"redo  bad\nredo-ifcreate: here: File exists\nredo: bad: bad.do failed: exit status 1\n1\n"

fresh always
printf 'redo-always\necho x >>count\necho "$$" >"$3"\n' >clock.do
echo 'redo-ifchange clock; cat clock >"$3"' >a.do
echo 'redo-ifchange clock; cat clock >"$3"' >b.do
echo 'redo-ifchange a b' >all.do
testing "redo-always: built once per run, though reached twice" \
	"redo all 2>/dev/null && wc -l <count && cmp -s a b && echo same" "1\nsame\n"
testing "redo-always: built again by the next run, and its dependents" \
	"redo-ifchange all 2>&1 && wc -l <count" \
	"redo  all\nredo    a\nredo      clock\nredo    b\n2\n"

fresh stamp
echo one >input
printf 'redo-always\nredo-stamp <input\necho "$$" >"$3"\necho x >>stamped-builds\n' >stamped.do
printf 'redo-ifchange stamped\ncat input >"$3"\necho x >>user-builds\n' >user.do
redo-ifchange user 2>/dev/null
testing "redo-stamp: same stamp, so the dependent is not rebuilt" \
	"redo-ifchange user 2>&1 && wc -l <stamped-builds && wc -l <user-builds" \
	"redo  stamped\n2\n1\n"
testing "redo-stamp: a new stamp rebuilds the dependent" \
	"echo two >input && redo-ifchange user 2>&1 && cat user" "redo  stamped\nredo  user\ntwo\n"

fresh once
echo 'echo x >>count; echo shared >"$3"' >shared.do
for p in p1 p2 p3; do echo 'redo-ifchange shared; cat shared >"$3"' >$p.do; done
echo 'for p in p1 p2 p3; do echo $p; done | xargs redo-ifchange shared' >all.do
testing "one target reached through three paths is built once" \
	"redo all 2>/dev/null && wc -l <count" "1\n"
testing "... and once under -j 3" \
	"rm -rf .redo count p1 p2 p3 shared && redo -j3 all 2>/dev/null && wc -l <count" "1\n"
echo 'redo shared; redo shared p1; cat shared >"$3"' >forced.do
testing "redo run by a .do rebuilds a target each time it is asked" \
	"redo forced 2>&1 && wc -l <count" "redo  forced\nredo    shared\nredo    shared\nredo    p1\n3\n"

fresh nested
mkdir hello container
echo 'echo x >>../count; echo "hello world" >"$3"' >hello/hello.do
echo 'redo-ifchange ../hello/hello x y; cat ../hello/hello x y >"$3"' >container/all.do
echo 'redo-ifchange ../hello/hello; echo x >"$3"' >container/x.do
echo 'redo-ifchange ../hello/hello; echo y >"$3"' >container/y.do
testing "redo-ifchange ../hello/hello from another directory: built once" \
	"cd container && redo -j2 2>/dev/null && cat all && wc -l <../count && test -d ../hello/.redo && echo recorded beside it" \
	"hello world\nx\ny\n1\nrecorded beside it\n"
testing "... up to date next time" "cd container && redo-ifchange all 2>&1" ""
testing "... and rebuilt when its .do changes" \
	"echo 'echo \"hello again\" >\"\$3\"' >hello/hello.do && cd container && redo-ifchange all 2>&1 && head -1 all" \
	"redo  all\nredo    ../hello/hello\nredo    x\nredo    y\nhello again\n"

fresh subdir
mkdir sub
echo 'echo c >"$3"' >sub/c.do
echo 'redo-ifchange sub/c' >all.do
redo all 2>/dev/null
testing "redo-ifchange in a subdirectory finds the record beside the target" \
	"cd sub && redo-ifchange c 2>&1 && test -d .redo && echo recorded here" "recorded here\n"
testing "... and names targets from where it started" "cd sub && redo c 2>&1" "redo  c\n"
testing "no target defaults to all" "redo 2>&1" "redo  all\n"

fresh names
mkdir 'with space'
echo 'echo "[$1] [$2]" >"$3"' >'with space/default.t.do'
echo 'redo-ifchange "with space/a b.t"; cat "with space/a b.t" >"$3"' >all.do
testing "names with spaces" "redo all 2>&1 && cat all && redo-ifchange all 2>&1" \
	"redo  all\nredo    with space/a b.t\n[a b.t] [a b]\n"
testing "a target whose directory the .do makes" \
	"printf 'mkdir -p made\necho made\n' >default.m.do && redo made/x.m 2>&1 && cat made/x.m" \
	"redo  made/x.m\nmade\n"
