#!/bin/sh
# redobox.t — the multi-call binary: dispatch, --list, --install, errors.
. "$TOP/t/lib.sh"
rb="$TOP/$B/redobox"

testing "redobox NAME runs a command" "\"$rb\" sha256" \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n" "abc"
testing "a symlink named NAME runs it" "ln -s \"$rb\" kvmmem && : >e && ./kvmmem e" "64M\n"
# every cmd/NAME.cc is a command, listed in bytewise order of NAME
ls "$TOP/cmd" | sed -n 's/\.cc$//p' | LC_ALL=C sort >commands
testing "--list names every command" "\"$rb\" --list | cmp - commands && echo same" "same\n"
testing "an unknown command exits 127" "\"$rb\" nope 2>&1; echo \$?" \
	"redobox: unknown command: nope\n127\n"
testing "an unknown name through a symlink exits 127" \
	"ln -s \"$rb\" nope && ./nope 2>&1; echo \$?" "redobox: unknown command: nope\n127\n"
testing "--install makes a link per command" \
	"mkdir bin && \"$rb\" --install bin && ls bin | cmp - commands && bin/sha256 </dev/null" \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
testing "--install into a missing directory fails" \
	"\"$rb\" --install nodir 2>&1; echo \$?" "redobox: nodir/fileids: No such file or directory\n1\n"
testing "no arguments is a usage error" "\"$rb\" 2>&1 | head -2; \"$rb\" 2>/dev/null; echo \$?" \
	"redobox: missing command\nusage: redobox NAME [ARG ...]\n2\n"
testing "every command has --help and --version" \
	"for c in \$(\"$rb\" --list); do \"$rb\" \$c --help | head -1 | grep -q \"^usage: \$c\" || echo \$c; \"$rb\" \$c --version | grep -q \"^\$c (redobox) \" || echo \$c; done" ""
testing "--help to a full device fails" "\"$rb\" fileids --help >/dev/full 2>&1; echo \$?" "1\n"
