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

# make install and t/deps, from the checkout (the unprivileged copy of the
# tests has no Makefile)
if [ -f "$TOP/Makefile" ] && [ -d "$TOP/src" ]; then
	testing "make install: the binary, a link per command and the man pages under DESTDIR/PREFIX" \
		"make -s -C \"$TOP\" install DESTDIR=\"$PWD/dest\" PREFIX=/opt/rb >/dev/null &&
		 ls dest/opt/rb/bin | grep -vx redobox | cmp - commands &&
		 ls dest/opt/rb/share/man/man1 | sed 's/\\.1\$//' | grep -vx redobox | sort | cmp - commands &&
		 readlink dest/opt/rb/bin/mklayer && dest/opt/rb/bin/sha256 </dev/null" \
		"redobox\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
	# a dpkg-query that knows no package: every one is missing
	mkdir fakebin && printf '#!/bin/sh\nexit 1\n' >fakebin/dpkg-query && chmod 755 fakebin/dpkg-query .
	if [ "$(id -u)" != 0 ]; then
		as_nobody=
	elif command -v setpriv >/dev/null; then
		as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	if [ -n "${as_nobody+set}" ]; then
		testing "t/deps, not root, packages missing: the one apt-get line to run, exit 1" \
			"PATH=\"$PWD/fakebin:\$PATH\" $as_nobody sh -s <\"$TOP/t/deps\" 2>&1 | sed 's/ make .*//'
			 PATH=\"$PWD/fakebin:\$PATH\" $as_nobody sh -s <\"$TOP/t/deps\" 2>/dev/null; echo \$?" \
			"t/deps: missing Debian packages; as root, run:\napt-get install -y g++\n1\n"
	else
		skip "t/deps, not root" "no setpriv to drop root"
	fi
fi
