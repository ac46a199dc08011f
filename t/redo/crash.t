#!/bin/sh
# crash.t — crash safety and concurrency: SIGKILL at random moments, two
# builds at once, a source that changes during its target's build, and a
# .redo/ on a full disk.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR

# A tree of 200 targets, each from a source and a shared middle target.
make_tree() {
	echo 'redo-ifchange "$2.in" mid; cat "$2.in" mid >"$3"' >default.out.do
	echo 'echo middle >"$3"' >mid.do
	i=0
	names=
	while [ $i -lt 200 ]; do
		echo "source $i" >t$i.in
		names="$names t$i.out"
		i=$((i + 1))
	done
	echo "redo-ifchange$names" >all.do
	echo "cat$names >\"\$3\"" >>all.do
}

fresh clean
make_tree
redo -j2 all 2>/dev/null
fresh killed
make_tree
# 50 SIGKILLs of the whole process group at random moments (0 to 0.4 s in)
n=0
while [ $n -lt 50 ]; do
	setsid redo -j2 all 2>/dev/null &
	pid=$!
	sleep "0.$(awk -v s="$n$$" 'BEGIN { srand(s); printf "%03d", int(rand() * 400) }')"
	kill -KILL -- -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$((n + 1))
done
testing "after 50 SIGKILLs, one more redo completes with no cleanup" \
	"timeout 120 redo -j2 all 2>/dev/null; echo \$?" "0\n"
testing "... and every target's bytes equal a clean build's" \
	"for f in all mid t*.out; do cmp \"\$f\" \"$T/clean/\$f\" || echo \"differs: \$f\"; done" ""
testing "... no temporary left beside the targets" "ls -A | grep -c 'redo-.*tmp'" "0\n"
printf 'redo-target1 r v 1.2\ns 1.2' >.redo/rec/t7.out
testing "a record cut short reads as out of date, never a crash" \
	"redo-ifchange all 2>&1; echo \$?" "redo  all\nredo    t7.out\n0\n"

fresh twice
printf 'echo "$1" >>log\nsleep 0.2\necho "$1" >"$3"\n' >default.t.do
echo 'redo-ifchange a.t b.t c.t; cat a.t b.t c.t >"$3"' >x.do
echo 'redo-ifchange b.t c.t d.t; cat b.t c.t d.t >"$3"' >y.do
testing "two redo-ifchange at once on overlapping targets: both succeed, each target built once" \
	"redo-ifchange x 2>/dev/null & redo-ifchange y 2>/dev/null; echo \$?; wait \$!; echo \$?; sort log | uniq -c | awk '{ print \$1 }' | sort -u; cat x y" \
	"0\n0\n1\na.t\nb.t\nc.t\nb.t\nc.t\nd.t\n"

fresh racing
echo one >src
printf 'redo-ifchange src\ncat src >"$3"\n: >started\nwhile [ ! -e go ]; do sleep 0.05; done\n' >x.do
testing "a source changed during its target's build: out of date next time" \
	"redo x 2>/dev/null & while [ ! -e started ]; do sleep 0.05; done; echo two >src; : >go; wait; cat x; redo-ifchange x 2>&1; cat x" \
	"one\nredo  x\ntwo\n"

fresh full
if scratch_tmpfs small 256k; then
	mkdir out
	echo 'echo old >"$3"' >out/x.do
	(cd out && redo x 2>/dev/null)
	mkdir out/.redo/fill 2>/dev/null
	# move .redo/ to the small disk and fill it
	mv out/.redo small/redo && ln -s "$PWD/small/redo" out/.redo
	dd if=/dev/zero of=small/filler bs=4k 2>/dev/null
	echo 'echo new >"$3"' >out/x.do
	testing ".redo/ on a full disk: a clear error, not recorded, the old target kept" \
		"cd out && redo x 2>&1 | sed 's/: [^:]*redo\/rec\/[^:]*:/: RECORD:/'; cat x; rm ../small/filler; redo-ifchange x 2>/dev/null; cat x" \
		"redo  x\nredo: x: cannot record the build: RECORD: No space left on device\nold\nnew\n"
else
	echo "SKIP crash: .redo/ on a full disk (needs root for a small tmpfs)" >>"$RESULTS"
fi
