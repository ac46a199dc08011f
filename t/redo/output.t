#!/bin/sh
# output.t — $3, stdout or nothing; both is an error; a failure keeps the
# old target and stops the .do that asked for it.
. "$TOP/t/lib.sh"

fresh() { cd "$T" && mkdir "$1" && cd "$1"; }

fresh out
echo 'echo via-3 >"$3"' >three.do
echo 'echo via-stdout' >stdout.do
echo ': nothing' >none.do
echo 'echo to-stdout; echo to-3 >"$3"' >both.do
echo 'echo x >"$1"' >direct.do
echo 'mkdir "$3"' >dir3.do
testing "\$3 becomes the target" "redo three 2>/dev/null && cat three" "via-3\n"
testing "non-empty stdout becomes the target" "redo stdout 2>/dev/null && cat stdout" \
	"via-stdout\n"
testing "no output: no target" "redo none 2>/dev/null; echo \$?; test -e none || echo absent" \
	"0\nabsent\n"
testing "no output removes an old target" \
	"echo ': nothing now' >three.do && redo three 2>/dev/null; test -e three || echo removed" \
	"removed\n"
testing "both \$3 and stdout: an error, no target, no temporaries" \
	"redo both 2>&1; echo \$?; test -e both || echo absent; ls -A | grep -c 'redo-.*tmp'" \
	"redo  both\nredo: both: both.do wrote to both \$3 and stdout\n1\nabsent\n0\n"
testing "a .do that writes the target itself is an error" \
	"redo direct 2>&1; echo \$?" \
	"redo  direct\nredo: direct: direct.do modified the target itself; it must write \$3 or stdout\n1\n"
testing "\$3 made a directory is an error, and removed" \
	"redo dir3 2>&1; echo \$?; ls -A | grep -c 'redo-.*tmp'" \
	"redo  dir3\nredo: dir3: dir3.do made \$3 a directory\n1\n0\n"
testing "stdout is created with the usual permissions" \
	"umask 022; redo stdout 2>/dev/null && stat -c %a stdout" "644\n"

fresh keep
echo 'echo v1 >"$3"' >keep.do
redo keep 2>/dev/null
printf 'echo v2 >"$3"\nexit 4\n' >keep.do
printf 'redo-ifchange keep\necho after >marker\n' >parent.do
testing "a failure keeps the old target and names the target and the .do" \
	"redo keep 2>&1; echo \$?; cat keep; ls -A | grep -c 'redo-.*tmp'" \
	"redo  keep\nredo: keep: keep.do failed: exit status 4\n4\nv1\n0\n"
testing "its exit status stops the parent .do under sh -e" \
	"redo parent 2>&1; echo \$?; test -e marker || echo stopped" \
	"redo  parent\nredo    keep\nredo-ifchange: keep: keep.do failed: exit status 4\nredo: parent: parent.do failed: exit status 4\n4\nstopped\n"
mkdir sub
printf 'echo in-sub >"$3"\nexit 3\n' >sub/t.do
testing "the failure names the target and the .do as seen from where redo started" \
	"redo sub/t 2>&1; echo \$?" "redo  sub/t\nredo: sub/t: sub/t.do failed: exit status 3\n3\n"
echo 'kill -TERM $$' >killed.do
testing "a .do killed by a signal fails" "redo killed 2>&1; echo \$?" \
	"redo  killed\nredo: killed: killed.do killed by Terminated\n143\n"

fresh fs
cat >simple.fs.do <<'EOF2'
rm -rf simple
mkdir -p simple/bin
echo hello >simple/bin/hello
find simple | LC_ALL=C sort >"$3"
EOF2
echo 'redo-ifchange simple.fs; wc -l <simple.fs >"$3"' >count.do
testing "a .do makes a directory as a side effect and writes its listing to \$3" \
	"redo-ifchange count 2>/dev/null && cat simple.fs count && test -f simple/bin/hello && echo ok" \
	"simple\nsimple/bin\nsimple/bin/hello\n3\nok\n"
testing "... and is up to date afterwards" "redo-ifchange count 2>&1" ""
testing "... its directory is no target: rebuilt with the listing" \
	"rm -rf simple && redo simple.fs 2>&1 && test -d simple && echo back" "redo  simple.fs\nback\n"

# stdout of a target whose directory the .do makes: caught beside the
# nearest directory that is, on the target's file system, whatever TMPDIR
# (the run directory) is on; nothing left behind
fresh newdir
mkdir runs
printf 'mkdir -p "$(dirname "$1")"\necho made\n' >default.do
testing "stdout into a directory the .do makes, two levels down" \
	"TMPDIR=\$PWD/runs redo new/deeper/x 2>&1; cat new/deeper/x; find . -name '*redo-out*'" \
	"redo  new/deeper/x\nmade\n"
testing "... the same with the run directory on another file system" \
	"rm -rf new; env -u TMPDIR XDG_RUNTIME_DIR=/dev/shm redo new/deeper/x 2>&1; cat new/deeper/x; find . -name '*redo-out*'" \
	"redo  new/deeper/x\nmade\n"
