#!/bin/sh
# try-fakeroot.t — fakeroot with state, without, and not at all.
. "$TOP/t/lib.sh"

if fakeroot true 2>/dev/null; then
	fakeroot -s st sh -c ': >owned && chown 42:43 owned'
	testing "STATE exists: runs under fakeroot -i STATE" \
		"try-fakeroot st stat -c '%u:%g' owned" "42:43\n"
	testing "STATE missing: runs under plain fakeroot" \
		"try-fakeroot nostate id -u" "0\n"
	testing "-s SAVE: the records saved when CMD succeeds, SAVE may be STATE" \
		"cp st saved && try-fakeroot -s saved saved sh -c ': >two && chown 7:8 two' && try-fakeroot saved stat -c '%u:%g' owned two && ls st* saved*" \
		"42:43\n7:8\nsaved\nst\n"
	testing "-s SAVE: left as it was when CMD fails, no temporary" \
		"try-fakeroot -s saved saved sh -c 'chown 9:9 two; exit 4'; echo \$?; try-fakeroot saved stat -c '%u:%g' two; ls saved*" \
		"4\n7:8\nsaved\n"
	# signal.sh SIG WHO: try-fakeroot -s runs a command that records an owner
	# and sleeps; SIG goes to try-fakeroot alone (WHO=pid) or to its whole
	# process group (WHO=group); then the exit status, and whatever is left
	cat >signal.sh <<-\EOF
		cp saved before
		setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' try-fakeroot -s saved saved \
			sh -c 'chown 5:5 two; : >started; exec sleep 31.7' &
		pid=$!
		i=0
		while [ ! -e started ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		if [ "$2" = group ]; then perl -e 'kill $ARGV[0], -$ARGV[1]' "$1" $pid; else kill -s "$1" $pid; fi
		wait $pid
		echo $?
		rm -f started
		for p in /proc/[0-9]*; do tr '\0' ' ' <$p/cmdline; echo; done 2>/dev/null |
			grep -e '^sleep 31.7 $' -e 'faked.*saved\.' -e 'fakeroo[t] -i saved'
		cmp saved before && ls saved*
	EOF
	for sig in INT:130 TERM:143 HUP:129; do
		testing "SIG${sig%:*} to try-fakeroot: dies of it; no daemon, no command left; SAVE untouched" \
			"sh signal.sh ${sig%:*} pid" "${sig#*:}\nsaved\n"
	done
	for sig in INT:130 TERM:143; do
		testing "SIG${sig%:*} to the process group: the same" \
			"sh signal.sh ${sig%:*} group" "${sig#*:}\nsaved\n"
	done
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
	"try-fakeroot: missing operand\nusage: try-fakeroot [-s SAVE] STATE CMD [ARG ...]\n2\n"
