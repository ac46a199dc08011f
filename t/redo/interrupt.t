#!/bin/sh
# interrupt.t — SIGTERM or SIGINT during a build: no partial target, no
# temporaries, the .do and what it started are stopped, and the next build
# runs without waiting for anything.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }
# run directories go to $TMPDIR/redobox-runs.UID: a private one, to look into
mkdir "$T/tmp"
TMPDIR=$T/tmp
export TMPDIR
runs=$T/tmp/redobox-runs.$(id -u)
export runs

# signal.sh SIGNAL CHECK: start "redo t" in the background (a background job
# of a script ignores SIGINT, so perl restores it first), wait until its .do
# has made ./started, run the shell command CHECK, signal redo, and print
# redo's exit status.
cat >"$T/signal.sh" <<'EOF2'
rm -f started
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' redo t 2>/dev/null &
pid=$!
i=0
while [ ! -e started ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
[ -e started ] || echo "the .do did not start within 20 s"
eval "$2"
kill -"$1" $pid
wait $pid
echo $?
EOF2

# interrupt.sh SIGNAL: "redo t" whose .do writes part of $3 and sleeps,
# signalled once the .do runs.
cat >"$T/interrupt.sh" <<'EOF2'
printf 'echo partial >"$3"\nredo-ifchange dep\n: >started\nsleep 29.7\necho rest >>"$3"\n' >t.do
sh ../signal.sh "$1" :
EOF2

# held.sh: each of redo's lock files (the targets' .redo/locks, a run's
# owner) that a process still holds a lock on, as the kernel lists them
cat >"$T/held.sh" <<'EOF2'
for f in .redo/locks "$TMPDIR"/redobox-runs.*/*.owner; do
	[ -e "$f" ] || continue
	grep -q ":$(stat -c %i "$f") " /proc/locks && echo "held: $f"
done
true
EOF2

fresh term
echo 'echo dep >"$3"' >dep.do
testing "SIGTERM: redo dies of it and leaves no target, no temporaries, no lock held" \
	"sh ../interrupt.sh TERM; test -e t || echo no target; ls -A | grep -c 'redo-.*tmp'; sh ../held.sh" \
	"143\nno target\n0\n"
testing "the next build succeeds at once and clears the dead run's directory" \
	"echo 'redo-ifchange dep; echo whole >\"\$3\"' >t.do && timeout 60 redo t 2>/dev/null && cat t && ls -A \"\$runs\" | wc -l" \
	"whole\n0\n"
testing "SIGINT: the old target stays; no temporaries, no lock held" \
	"sh ../interrupt.sh INT; cat t; ls -A | grep -c 'redo-.*tmp'; sh ../held.sh" \
	"130\nwhole\n0\n"
testing "the sleep the .do started was stopped too" \
	"for p in /proc/[0-9]*; do tr '\\0' ' ' <\$p/cmdline; echo; done 2>/dev/null | grep -c '^sleep 29.7 \$'" \
	"0\n"
testing "the next build succeeds again and clears the dead run's directory" \
	"echo 'echo again >\"\$3\"' >t.do && timeout 60 redo t 2>/dev/null && cat t && ls -A \"\$runs\" | wc -l" \
	"again\n0\n"

# What a .do starts in another session or process group (setsid, timeout)
# is stopped too: redo is their child subreaper (Linux).
fresh escape
cat >esc.sh <<'EOF2'
rm -rf started inner .redo
printf 'setsid sleep 1001.25 &\ntimeout 100 sleep 1002.25 &\nredo-ifchange inner\n: >started\nsleep 29.7\necho x >"$3"\n' >t.do
printf 'setsid sleep 1003.25 &\necho inner >"$3"\n' >inner.do
# the escaped sleeps are running before the signal
sh ../signal.sh "$1" "for p in /proc/[0-9]*; do tr '\\0' ' ' <\$p/cmdline; echo; done 2>/dev/null | grep -c '^sleep 100[123]\\.25 \$'"
for p in /proc/[0-9]*; do tr '\0' ' ' <$p/cmdline; echo; done 2>/dev/null | grep -c '^sleep 100[123]\.25 $'
EOF2
testing "SIGTERM: setsid and timeout children of the .do scripts are stopped, no temporary" \
	"sh esc.sh TERM; ls -A | grep -c 'redo-.*tmp'; test -e t || echo no target" "3\n143\n0\n0\nno target\n"
testing "SIGINT: the same" \
	"sh esc.sh INT; ls -A | grep -c 'redo-.*tmp'; test -e t || echo no target" "3\n130\n0\n0\nno target\n"
testing "SIGHUP: the same" \
	"sh esc.sh HUP; ls -A | grep -c 'redo-.*tmp'; test -e t || echo no target" "3\n129\n0\n0\nno target\n"

# A nested .do's clean-up runs to its end: each redo waits for its .do
# scripts (their stderr is a pipe to it, so one that died at once would kill
# the clean-up with SIGPIPE at its first message), each process gets the
# signal once, and a clean-up gets more than a moment before SIGKILL.
fresh cleanup
cat >clean.sh <<'EOF2'
rm -rf started marker .redo
printf 'redo-ifchange inner\necho t >"$3"\n' >t.do
cat >inner.do <<'EOF3'
trap 'sleep 1; echo cleaning up >&2; rm -f marker; echo done >&2' EXIT
trap 'exit 143' TERM INT HUP
: >marker
: >started
sleep 29.5 &
wait $!
EOF3
sh ../signal.sh "$1" :
test -e marker && echo "the clean-up was cut short"
for p in /proc/[0-9]*; do tr '\0' ' ' <$p/cmdline; echo; done 2>/dev/null | grep -c '^sleep 29.5 $'
EOF2
testing "SIGTERM: a nested .do's clean-up (1 s, with messages) runs to its end" \
	"sh clean.sh TERM" "143\n0\n"
testing "SIGINT: the same" \
	"sh clean.sh INT" "130\n0\n"
