#!/bin/sh
# try-fakeroot.t — fakeroot with state, without, and not at all.
. "$TOP/t/lib.sh"

if fakeroot true 2>/dev/null; then
	fakeroot -s st sh -c ': >owned && chown 42:43 owned'
	testing "STATE exists: runs under fakeroot -i STATE" \
		"try-fakeroot st stat -c '%u:%g' owned" "42:43\n"
	testing "STATE missing: runs under plain fakeroot" \
		"try-fakeroot nostate id -u" "0\n"
else
	skip "fakeroot runs" "fakeroot does not work here"
fi

mkdir nofr brokenfr
printf '#!/bin/sh\nexit 1\n' >brokenfr/fakeroot
chmod +x brokenfr/fakeroot
ln -s "$(command -v sh)" nofr/sh
ln -s "$(command -v try-fakeroot)" nofr/try-fakeroot
ln -s "$(command -v env)" nofr/env
testing "fakeroot broken: runs directly" \
	"PATH=\$PWD/brokenfr:\$PATH try-fakeroot st sh -c 'echo direct; exit 3'; echo \$?" \
	"direct\n3\n"
testing "fakeroot absent: runs directly" \
	"PATH=\$PWD/nofr try-fakeroot st sh -c 'echo direct'" "direct\n"
testing "the exit status passes through" "try-fakeroot st sh -c 'exit 7'; echo \$?" "7\n"
testing "a missing command exits 127" \
	"PATH=\$PWD/brokenfr:\$PATH try-fakeroot st no-such-command 2>&1; echo \$?" \
	"try-fakeroot: no-such-command: No such file or directory\n127\n"
testing "a missing command under fakeroot exits 127 too" \
	"try-fakeroot st no-such-command 2>/dev/null; echo \$?" "127\n"
testing "options after STATE belong to the command" \
	"try-fakeroot st sh -c 'echo \$1' sh -x" "-x\n"
testing "too few operands" "try-fakeroot st 2>&1; echo \$?" \
	"try-fakeroot: missing operand\nusage: try-fakeroot STATE CMD [ARG ...]\n2\n"
