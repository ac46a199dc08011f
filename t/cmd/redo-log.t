#!/bin/sh
# redo-log.t — the stderr of a target's last build, kept beside it.
. "$TOP/t/lib.sh"

mkdir tree && cd tree
printf 'echo top >&2\nredo-ifchange a b\necho after >&2\necho x >"$3"\n' >all.do
printf 'echo a-err >&2\nredo-ifchange b\necho a >"$3"\n' >a.do
printf 'echo b-err >&2\necho b >"$3"\n' >b.do
testing "stderr is still shown live, every nested .do's included" "redo all 2>&1" \
	"redo  all\ntop\nredo    a\na-err\nredo      b\nb-err\nafter\n"
testing "the log: the .do's own lines and the progress of what it built" "redo-log all" \
	"top\nredo    a\nafter\n"
testing "-r: what those builds wrote too, in the order it happened" "redo-log -r all" \
	"top\nredo    a\na-err\nredo      b\nb-err\nafter\n"
testing "-u: the targets that needed no build" "redo-log -u all" \
	"top\nredo    a\nb: up to date\nafter\n"
testing "kept per target" "redo-log b" "b-err\n"
testing "a failed build keeps its log too" \
	"printf 'echo failing >&2\nexit 3\n' >b.do && redo b 2>/dev/null; redo-log b" "failing\n"
testing "redo x 2>file: every nested .do's stderr in the file" \
	"echo 'echo b-ok >&2; echo b >\"\$3\"' >b.do && redo all 2>file && cat file" \
	"redo  all\ntop\nredo    a\na-err\nredo      b\nb-ok\nafter\n"
testing "a build that wrote nothing: an empty log" \
	"echo 'echo q >\"\$3\"' >quiet.do && redo quiet 2>/dev/null && redo-log quiet; echo \$?" "0\n"
testing "no log for a file never built" "echo s >src; redo-log src 2>&1; echo \$?" \
	"redo-log: src: no build log kept for it\n1\n"
testing "no operand is a usage error" "redo-log 2>&1; echo \$?" \
	"redo-log: missing operand\nusage: redo-log [-r] [-u] TARGET\n2\n"
