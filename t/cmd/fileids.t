#!/bin/sh
# fileids.t — .list lines: format, options, fakeroot state, errors.
. "$TOP/t/lib.sh"

hello=5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
mkdir -p tree/bin
printf 'hello\n' >tree/bin/hello
chmod 755 tree/bin/hello
chmod 755 tree tree/bin
ln -s bin/hello tree/init
mkfifo tree/fifo
chmod 644 tree/fifo
target=$(printf bin/hello | sha256sum | cut -d' ' -f1)

testing "the cookbook's format" \
	"cd tree && find . | sort | fileids -f missing.state" \
	". 0040755-0-0-0\n./bin 0040755-0-0-0\n./bin/hello 0100755-0-0-$hello\n./fifo 0010644-0-0-0\n./init 0120777-0-0-$target\n"

# as root the owner is one chown made; as anyone else, their own
[ "$(id -u)" = 0 ] && chown 1234:567 tree/bin/hello
testing "owners from lstat without -f" \
	"echo bin/hello | fileids -C tree" \
	"bin/hello 0100755-$(stat -c %u-%g tree/bin/hello)-$hello\n"

testing "-C DIR and names with spaces" \
	"cp tree/bin/hello 'tree/a b' && chmod 600 'tree/a b' && echo 'a b' | fileids -C tree -f none" \
	"a b 0100600-0-0-$hello\n"

testing "-0 reads and writes NUL-terminated records" \
	"printf 'x\nxx\n' >\"\$(printf 'tree/new\nline')\" && cd tree && printf 'new\nline\0bin\0' | fileids -0 -f none | tr '\0' '|'" \
	"new\nline 0100644-0-0-$(printf 'x\nxx\n' | sha256sum | cut -d' ' -f1)|bin 0040755-0-0-0|"

testing "digests agree with sha256sum, exactly" \
	"seq 1 200000 >nums && echo nums | fileids | sed 's/.*-//' && sha256sum nums | cut -d' ' -f1" \
	"$(seq 1 200000 | sha256sum | cut -d' ' -f1)\n$(seq 1 200000 | sha256sum | cut -d' ' -f1)\n"

# many files: output order is input order whatever the thread count
mkdir many
i=0
while [ $i -lt 300 ]; do echo $i >many/$i; i=$((i + 1)); done
testing "-j 1 and -j 8 give the same bytes" \
	"cd many && ls -U | fileids -j 1 >../one && ls -U | fileids -j 8 >../eight && cmp ../one ../eight && wc -l <../one" \
	"300\n"

# ownership from fakeroot's own state file, compared with fakeroot itself
if fakeroot true 2>/dev/null; then
	mkdir fr
	echo data >fr/file
	echo more >fr/other
	fakeroot -s fr.state sh -c 'chown 5:6 fr/file && chmod 4711 fr/file && mknod fr/null c 1 3 && ln -s file fr/link && chown -h 7:8 fr/link'
	find fr | sort >fr.names
	# the reference listing: what stat(1) and sha256sum(1) see under fakeroot
	cat >ref.sh <<-\EOF
		while IFS= read -r n; do
			set -- $(stat -c '%f %u %g' "$n")
			mode=$(printf '%07o' "0x$1")
			if [ -L "$n" ]; then d=$(readlink "$n" | tr -d '\n' | sha256sum | cut -d' ' -f1)
			elif [ -f "$n" ] && [ "${mode#010}" != "$mode" ]; then d=$(sha256sum <"$n" | cut -d' ' -f1)
			else d=0; fi
			echo "$n $mode-$2-$3-$d"
		done
	EOF
	fakeroot -i fr.state sh ref.sh <fr.names >fr.expected
	testing "-f STATE equals a listing under fakeroot -i STATE" \
		"fileids -f fr.state <fr.names | cmp - fr.expected && grep -c -e '-5-6-' -e '0020644-0-0-0' -e '-7-8-' fr.expected" \
		"3\n"
else
	skip "-f STATE equals fakeroot -i STATE" "fakeroot does not work here"
fi

printf 'dev=fe00,ino=1,mode=100644,uid=0,gid=0,nlink=1,rdev=0\nnot a record\n' >bad.state
testing "a malformed state line is named with its line number" \
	"echo tree | fileids -f bad.state 2>&1; echo \$?" \
	"fileids: bad.state:2: bad or missing field 'dev'\n1\n"

testing "a missing file is an error that names it" \
	"printf 'tree\nnope\n' | fileids -f none 2>&1; echo \$?" \
	"tree 0040755-0-0-0\nfileids: nope: No such file or directory\n1\n"

testing "an unknown option is a usage error" \
	"fileids -q 2>&1; echo \$?" \
	"fileids: unknown option: -q\nusage: fileids [-0] [-C DIR] [-f STATE] [-j N]\n2\n"

testing "operands are refused" \
	"fileids tree 2>&1; echo \$?" \
	"fileids: extra operand: tree\nusage: fileids [-0] [-C DIR] [-f STATE] [-j N]\n2\n"

testing "-j must be a number" \
	"fileids -j x </dev/null 2>&1 | head -1" \
	"fileids: -j: not a number: x\n"

testing "-C to a missing directory" \
	"fileids -C nodir </dev/null 2>&1; echo \$?" \
	"fileids: nodir: No such file or directory\n1\n"

testing "a full standard output is a failure" \
	"echo tree | fileids >/dev/full 2>err; echo \$?; cat err" \
	"1\nfileids: standard output: No space left on device\n"
