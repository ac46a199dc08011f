#!/bin/sh
# anydir.t — redo from any directory: a target's record is found wherever
# redo starts (it lives in the .redo/ beside the target), nothing redo built
# is ever called a source, and no state is left where no target is.
. "$TOP/t/lib.sh"

# A small cookbook: do/hello builds hello from hello.c, do/container runs it.
mkdir -p tree/do/hello tree/do/container
cd tree
echo 'one' >do/hello/hello.c
printf 'redo-ifchange hello.c\necho hello >>../../log\ncat hello.c >"$3"\n' >do/hello/hello.do
echo 'redo-ifchange hello' >do/hello/all.do
printf 'redo-ifchange ../hello/hello\necho run >>../../log\ncat ../hello/hello >"$3"\n' \
	>do/container/libs.runlocal.do
export R="$T/tree"

testing "built from do/container" \
	"cd do/container && redo libs.runlocal 2>&1 && cat libs.runlocal" \
	"redo  libs.runlocal\nredo    ../hello/hello\none\n"
testing "after an edit, redo in do/hello rebuilds hello" \
	"echo two >do/hello/hello.c && cd do/hello && redo 2>&1 && cat hello" \
	"redo  all\nredo    hello\ntwo\n"
testing "redo hello there always rebuilds it, never calls it a source" \
	"cd do/hello && redo hello 2>&1; echo \$?" "redo  hello\n0\n"
testing "from the root, redo do/container/libs.runlocal after an edit" \
	"echo three >do/hello/hello.c && redo do/container/libs.runlocal 2>&1 && cat do/container/libs.runlocal" \
	"redo  do/container/libs.runlocal\nredo    do/hello/hello\nthree\n"
testing "no stray .redo/: only beside targets" \
	"find . -name .redo | LC_ALL=C sort" "./do/container/.redo\n./do/hello/.redo\n"

# redo-ifchange from a parent, a sibling and a child directory: the same
# result as from the target's own directory (nothing to do, then one build)
mkdir do/hello/child
: >log
for d in . do do/container do/hello/child; do
	case $d in
	.) name=do/container/libs.runlocal ;;
	do) name=container/libs.runlocal ;;
	do/container) name=libs.runlocal ;;
	*) name=../../container/libs.runlocal ;;
	esac
	testing "redo-ifchange from $d: up to date" \
		"cd $d && redo-ifchange $name 2>&1; cat \"\$R/log\"" ""
	testing "redo-ifchange from $d: after an edit, built once" \
		"echo $d >do/hello/hello.c && cd $d && redo-ifchange $name 2>/dev/null && cat \"\$R/do/container/libs.runlocal\" \"\$R/log\" && : >\"\$R/log\"" \
		"$d\nhello\nrun\n"
done
testing "still no stray .redo/" \
	"find . -name .redo | LC_ALL=C sort" "./do/container/.redo\n./do/hello/.redo\n"

# the old layout: one .redo/ at the top of the tree, format 1
mkdir -p "$T/old" && cd "$T/old"
mkdir -p .redo/db .redo/lock .redo/run .redo/tmp
echo 'redobox redo state, format 1' >.redo/redobox
echo 'echo new >"$3"' >t.do
echo old >t
printf 'redo-target1 r1 v1 1.2.3\ns x y t.do\n' >.redo/db/t
echo 'redo-source1 1.2 abc' >.redo/db/t.do
testing "an old top-level .redo/ is dropped; its targets are built once more" \
	"redo-ifchange t 2>&1 && cat t && ls .redo" "redo  t\nnew\nlocks\nlog\nrec\n"

# the lock/ and tmp/ directories of the per-directory layout before the
# locks file and records written beside rec/NAME: they guard nothing now,
# and go
mkdir -p "$T/lockdir" && cd "$T/lockdir"
echo 'echo built >"$3"' >t.do
redo-ifchange t 2>/dev/null
mkdir .redo/lock .redo/tmp && : >.redo/lock/t && : >.redo/tmp/1.0
testing "an old .redo/lock/ and .redo/tmp/ go, and the target is still up to date" \
	"redo-ifchange t 2>&1; cat t; ls .redo" "built\nlocks\nlog\nrec\n"

# where run directories go: TMPDIR when set, else XDG_RUNTIME_DIR, else
# /dev/shm (a tmpfs here), else /tmp
mkdir -p "$T/rundirs/xdg" && cd "$T/rundirs"
echo 'dirname "$(dirname "$REDOBOX_RUNDIR")"' >where.do
testing "run directories: under TMPDIR when it is set" \
	"rm -f where; TMPDIR=\$PWD XDG_RUNTIME_DIR=\$PWD/xdg redo where 2>/dev/null; cat where" "$T/rundirs\n"
testing "run directories: under XDG_RUNTIME_DIR without TMPDIR" \
	"rm -f where; env -u TMPDIR XDG_RUNTIME_DIR=\$PWD/xdg redo where 2>/dev/null; cat where" "$T/rundirs/xdg\n"
if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] && [ -w /dev/shm ]; then
	testing "run directories: in /dev/shm without either" \
		"rm -f where; env -u TMPDIR -u XDG_RUNTIME_DIR redo where 2>/dev/null; cat where" "/dev/shm\n"
	testing "run directories: an XDG_RUNTIME_DIR that is not there is passed over" \
		"rm -f where; env -u TMPDIR XDG_RUNTIME_DIR=\$PWD/none redo where 2>&1; cat where" "redo  where\n/dev/shm\n"
else
	skip "run directories: in /dev/shm without either" "/dev/shm is not a writable tmpfs"
fi
testing "run directories: a TMPDIR that is not there is named as such" \
	"rm -f where; TMPDIR=\$PWD/nosuch redo where 2>&1; echo \$?; test -e where || echo none" \
	"redo: TMPDIR=$T/rundirs/nosuch: No such file or directory\n1\nnone\n"
testing "run directories: gone when the build ends" \
	"ls -A xdg/redobox-runs.*" ""

# The sh that runs a .do is the one PATH names first, as execvp(3) finds
# it; a relative PATH entry is taken from the .do's directory.
mkdir -p "$T/shpath/bin" "$T/shpath/sub"
cd "$T/shpath"
printf '#!/bin/sh\necho "bin/sh $2" >>"%s/used"\nexec /bin/sh "$@"\n' "$T/shpath" >bin/sh
printf '#!/bin/sh\necho "sub/sh $2" >>"%s/used"\nexec /bin/sh "$@"\n' "$T/shpath" >sub/sh
chmod +x bin/sh sub/sh
echo 'echo made' >sub/x.do
testing "a .do runs under the first sh in PATH" \
	"PATH=\$PWD/bin:\$PATH redo sub/x 2>/dev/null && cat sub/x used" "made\nbin/sh x.do\n"
testing "a relative PATH entry is the .do's directory's, not where redo started" \
	"rm -f used && PATH=.:\$PWD/bin:\$PATH redo sub/x 2>/dev/null && cat used" "sub/sh x.do\n"
