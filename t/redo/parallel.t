#!/bin/sh
# parallel.t — -j N through the jobserver: jobs run at once but never more
# than N; a target being built is waited for, never built twice; a
# dependency cycle is reported, never waited on.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

# Each slow job marks itself in $R while it runs and logs how many marks it
# saw; it waits (boundedly) for company, so overlap does not hang on timing.
slow_do() {
	cat <<'EOF2'
: >"$R/$1"
ls "$R" | wc -l >>"$R.log"
i=0
while [ "$(ls "$R" | wc -l)" -lt 2 ] && [ $i -lt "${WAIT:-30}" ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.1
ls "$R" | wc -l >>"$R.log"
rm "$R/$1"
echo "$1" >"$3"
EOF2
}
max_running() { sort -n "$R.log" | tail -n 1; }

fresh jobs
R=$PWD/running
export R
mkdir running
slow_do >default.slow.do
echo 'i=0; while [ $i -lt 10 ]; do echo t$i.slow; i=$((i + 1)); done | xargs redo-ifchange' >all.do
echo 'redo-ifchange u0.slow u1.slow u2.slow' >three.do
testing "-j 4: ten slow targets from one xargs call: 2 to 4 run at once" \
	"redo -j4 all 2>/dev/null && m=\$(sort -n running.log | tail -n 1) && [ \$m -ge 2 ] && [ \$m -le 4 ] && echo ok; ls t*.slow | wc -l" \
	"ok\n10\n"
rm -f running.log
testing "-j 1: one at a time" "WAIT=2 redo -j1 three 2>/dev/null && sort -n running.log | tail -n 1" "1\n"
rm -f running.log
testing "-j 2 nested: the .do scripts' own redo-ifchange share the tokens" \
	"rm -rf .redo u*.slow && printf 'redo-ifchange three t0.slow t1.slow\n' >top.do && redo -j2 top 2>/dev/null && sort -n running.log | tail -n 1" \
	"2\n"

fresh wait
R=$PWD/running
export R
mkdir running
printf 'echo x >>count\nsleep 1\necho shared >"$3"\n' >shared.do
for p in p1 p2 p3 p4; do echo 'redo-ifchange shared; cat shared >"$3"' >$p.do; done
echo 'redo-ifchange p1 p2 p3 p4' >all.do
testing "a target being built is waited for, never built twice" \
	"redo -j4 all 2>/dev/null && wc -l <count && cat p1 p4" "1\nshared\nshared\n"

fresh cycle
echo 'redo-ifchange b' >a.do
echo 'redo-ifchange a' >b.do
echo 'redo-ifchange self' >self.do
printf 'sleep 0.5\nredo-ifchange y\necho x >"$3"\n' >x.do
printf 'sleep 0.5\nredo-ifchange x\necho y >"$3"\n' >y.do
echo 'redo-ifchange x y' >xy.do
testing "a cycle is reported" "timeout 60 redo a 2>&1; echo \$?" \
	"redo  a\nredo    b\nredo-ifchange: a: dependency cycle: b -> a -> b\nredo-ifchange: b: b.do failed: exit status 1\nredo: a: a.do failed: exit status 1\n1\n"
testing "a target that needs itself is a cycle" "timeout 60 redo self 2>&1 | grep cycle" \
	"redo-ifchange: self: dependency cycle: self -> self\n"
# Both jobs may see the cycle at once, so it is reported once or twice.
testing "a cycle between two parallel jobs is reported, not waited on" \
	"timeout 60 redo -j2 xy 2>&1 | grep 'dependency cycle:' | sort -u | sed 's/: [xy]: /: X: /; s/[xy] -> [xy] -> [xy]/X -> Y -> X/' | sort -u; timeout 60 redo -j2 xy 2>/dev/null; echo \$?" \
	"redo-ifchange: X: dependency cycle: X -> Y -> X\n1\n"
testing "no locks stay behind: the next build of a fixed tree works" \
	"echo 'echo y >\"\$3\"' >y.do && timeout 60 redo -j2 xy 2>/dev/null && cat x y" "x\ny\n"

fresh closefds
R=$PWD/running
export R
mkdir running
slow_do >default.slow.do
echo in >v.in
echo 'redo-ifchange v.in; cat v.in >"$3"' >v.do
# a helper that closes every descriptor but 0-2 before running redo-ifchange
cat >all.do <<'EOF2'
perl -e 'use POSIX (); POSIX::close($_) for 3 .. 1023; exec @ARGV or die' \
	redo-ifchange a.slow b.slow v
cat v >"$3"
EOF2
testing "a helper that closes inherited descriptors: tokens and dependencies still work" \
	"redo -j2 all 2>/dev/null && sort -n running.log | tail -n 1 && echo out >v.in && redo-ifchange all 2>&1 && cat all" \
	"2\nredo  all\nredo    v\nout\n"
