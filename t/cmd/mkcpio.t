#!/bin/sh
# mkcpio.t — newc archives: headers, extraction by GNU cpio and bsdtar,
# reproducibility, fakeroot ownership, refusals, errors, and a kernel boot.
. "$TOP/t/lib.sh"
. "$TOP/t/cmd/tree-setup.sh"

root=no
[ "$(id -u)" = 0 ] && root=yes

# headers.sh ARCHIVE: "NAME ino=… mode=… nlink=… mtime=… size=… dev=…:…
# rdev=…:…" for each newc header, read with grep and printf, not with a cpio
cat >headers.sh <<'EOF'
grep -ao '070701[0-9a-f]\{104\}[^[:cntrl:]]*' "$1" | while IFS= read -r h; do
	field() { printf '%d' "0x$(printf '%s' "$h" | cut -c"$1-$(($1 + 7))")"; }
	printf '%s ino=%d mode=%o nlink=%d mtime=%d size=%d dev=%d:%d rdev=%d:%d\n' \
		"$(printf '%s' "$h" | cut -c111-)" "$(field 7)" "$(field 15)" "$(field 39)" \
		"$(field 47)" "$(field 55)" "$(field 63)" "$(field 71)" "$(field 79)" "$(field 87)"
done
EOF

mkdir -p tree/bin tree/etc tree/empty
printf 'hello\n' >tree/bin/hello
ln tree/bin/hello tree/bin/hi
ln tree/bin/hello tree/bin/hey
ln -s hello tree/bin/link
printf 'a: b\n' >tree/etc/conf
: >tree/etc/zero
mkfifo tree/fifo
chmod 4755 tree/bin/hello
chmod 700 tree/empty
chmod 755 tree tree/bin tree/etc
chmod 644 tree/etc/conf tree/etc/zero tree/fifo
[ $root = no ] || mknod -m 600 tree/tty c 4 65
(cd tree && find . | sort) >names

if [ $root = yes ]; then
	testing "headers: inodes in order, links share one, data with the last" \
		"mkcpio -C tree <names >a.cpio && sh headers.sh a.cpio" \
		". ino=1 mode=40755 nlink=2 mtime=0 size=0 dev=0:0 rdev=0:0
./bin ino=2 mode=40755 nlink=2 mtime=0 size=0 dev=0:0 rdev=0:0
./bin/hello ino=3 mode=104755 nlink=3 mtime=0 size=0 dev=0:0 rdev=0:0
./bin/hey ino=3 mode=104755 nlink=3 mtime=0 size=0 dev=0:0 rdev=0:0
./bin/hi ino=3 mode=104755 nlink=3 mtime=0 size=6 dev=0:0 rdev=0:0
./bin/link ino=4 mode=120777 nlink=1 mtime=0 size=5 dev=0:0 rdev=0:0
./empty ino=5 mode=40700 nlink=2 mtime=0 size=0 dev=0:0 rdev=0:0
./etc ino=6 mode=40755 nlink=2 mtime=0 size=0 dev=0:0 rdev=0:0
./etc/conf ino=7 mode=100644 nlink=1 mtime=0 size=5 dev=0:0 rdev=0:0
./etc/zero ino=8 mode=100644 nlink=1 mtime=0 size=0 dev=0:0 rdev=0:0
./fifo ino=9 mode=10644 nlink=1 mtime=0 size=0 dev=0:0 rdev=0:0
./tty ino=10 mode=20600 nlink=1 mtime=0 size=0 dev=0:0 rdev=4:65
TRAILER!!! ino=0 mode=0 nlink=1 mtime=0 size=0 dev=0:0 rdev=0:0\n"

	testing "GNU cpio -idm extracts a tree whose fileids listing is the source's" \
		"mkcpio -C tree <names >a.cpio && mkdir x && (cd x && cpio -idm --quiet <../a.cpio) &&
		 (cd x && find . | sort | fileids) >x.list && fileids -C tree <names | cmp - x.list &&
		 ls -i x/bin | sort | awk '{ print \$1 }' | uniq -c | awk '{ print \$1 }' | sort -n" \
		"1\n3\n"

	testing "bsdtar extracts it too, hard links with their data" \
		"mkcpio -C tree <names >a.cpio && mkdir y && bsdtar -C y -xpf a.cpio &&
		 (cd y && find . | sort | fileids) | cmp - x.list 2>/dev/null || fileids -C y <names | cmp - x.list && cat y/bin/hey" \
		"hello\n"
else
	skip "headers, GNU cpio and bsdtar extraction" "needs root for mknod and owners"
fi

testing "GNU cpio lists what it holds, mtime from SOURCE_DATE_EPOCH" \
	"printf './etc\n./etc/conf\n' | SOURCE_DATE_EPOCH=1700000000 mkcpio -C tree |
	 TZ=UTC cpio -itv --quiet --numeric-uid-gid | sed 's/  */ /g'" \
	"drwxr-xr-x 2 $(id -u) $(id -g) 0 Nov 14 2023 ./etc\n-rw-r--r-- 1 $(id -u) $(id -g) 5 Nov 14 2023 ./etc/conf\n"

testing "the last entry is the trailer, 4-byte aligned" \
	"echo ./etc/conf | mkcpio -C tree >t.cpio && tail -c 124 t.cpio | head -c 6 &&
	 echo && tail -c 14 t.cpio | head -c 10 && echo && echo \$((\$(wc -c <t.cpio) % 4))" \
	"070701\nTRAILER!!!\n0\n"

testing ".list lines and -0 names are read, the id dropped" \
	"fileids -C tree <names >tree.list && mkcpio -C tree <tree.list >l.cpio &&
	 tr '\n' '\0' <names | mkcpio -0 -C tree >z.cpio && mkcpio -C tree <names >n.cpio &&
	 cmp l.cpio n.cpio && cmp z.cpio n.cpio && echo same" \
	"same\n"

testing "a name holding a newline, with -0" \
	"mkdir nl && printf 'x\n' >\"\$(printf 'nl/a\nb')\" && printf 'nl/a\nb\0' | mkcpio -0 |
	 cpio -it --quiet | od -c | head -1" \
	"0000000   n   l   /   a  \\\\n   b  \\\\n\n"

testing "names are cleaned of empty and . components" \
	"printf './/etc/./conf/\n' | mkcpio -C tree | cpio -it --quiet" "./etc/conf\n"

# reproducible: new times, new inodes, the same bytes
testing "the same tree gives the same bytes after touch and a copy elsewhere" \
	"mkcpio -C tree <names >one.cpio && cp -a tree copy && find copy -exec touch -h {} + &&
	 mkcpio -C copy <names >two.cpio && cmp one.cpio two.cpio && echo same" \
	"same\n"

testing "-o FILE writes what standard output gets" \
	"mkcpio -C tree -o o.cpio <names && mkcpio -C tree <names | cmp - o.cpio && echo same" \
	"same\n"

# ownership from a fakeroot state, without running under fakeroot
if fakeroot true 2>/dev/null; then
	fakeroot_tree
	testing "-f STATE: owners and device nodes as fakeroot recorded them" \
		"printf 'fr/file\nfr/null\nfr\n' | mkcpio -f fr.state >f.cpio && sh headers.sh f.cpio | cut -d' ' -f1,3,8 &&
		 cpio -itv --quiet --numeric-uid-gid <f.cpio | awk '{ print \$1, \$3, \$4 }'" \
		"fr/file mode=100644 rdev=0:0
fr/null mode=20644 rdev=1:3
fr mode=40755 rdev=0:0
TRAILER!!! mode=0 rdev=0:0
-rw-r--r-- 5 6
crw-r--r-- 0 0
drwxr-xr-x 0 0\n"
	fakeroot_same_bytes mkcpio
else
	skip "-f STATE" "fakeroot does not work here"
fi

# refusals: nothing outside DIR is reachable
jail_tree
testing "a '..' component is refused" \
	"echo ../outside | mkcpio -C jail 2>&1 >/dev/null; echo \$?" \
	"mkcpio: ../outside: '..' component refused\n1\n"
testing "a symlink out of DIR is refused" \
	"echo ./up/outside | mkcpio -C jail 2>&1 >/dev/null; echo \$?" \
	"mkcpio: ./up/outside: refused: goes through the symlink ./up\n1\n"
testing "a symlink to / is refused" \
	"echo abs/etc/passwd | mkcpio -C jail 2>&1 >/dev/null; echo \$?" \
	"mkcpio: abs/etc/passwd: refused: goes through the symlink abs\n1\n"
testing "a symlink inside DIR is refused in a directory part too" \
	"echo inner/x | mkcpio -C jail 2>&1 >/dev/null; echo \$?" \
	"mkcpio: inner/x: refused: goes through the symlink inner\n1\n"
testing "an absolute name is refused" \
	"echo /etc/passwd | mkcpio -C jail 2>&1 >/dev/null; echo \$?" \
	"mkcpio: /etc/passwd: absolute name refused (names are relative to the directory)\n1\n"
testing "a symlink itself is stored, not followed" \
	"echo ./up | mkcpio -C jail | cpio -itv --quiet | awk '{ print \$1, \$9, \$10, \$11 }'" \
	"lrwxrwxrwx ./up -> ..\n"

testing "a file of 4 GiB is refused, not wrapped" \
	"truncate -s 4G big && echo big | mkcpio >big.cpio 2>err; echo \$?; cat err; wc -c <big.cpio" \
	"1\nmkcpio: big: file too large for newc (4 GiB limit)\n0\n"

testing "a missing file is named, and no archive is written" \
	"printf 'tree\nnope\n' | mkcpio 2>&1 >m.cpio; echo \$?; wc -c <m.cpio" \
	"mkcpio: nope: No such file or directory\n1\n0\n"

testing "a failed run leaves no -o FILE" \
	"echo nope | mkcpio -o fail.cpio 2>&1; echo \$?; ls -A | grep -c fail" \
	"mkcpio: nope: No such file or directory\n1\n0\n"

testing "an empty line is an error" \
	"printf 'tree\n\n' | mkcpio 2>&1 >/dev/null; echo \$?" \
	"mkcpio: standard input:2: empty name\n1\n"

testing "an unknown option is a usage error" \
	"mkcpio -x 2>&1; echo \$?" \
	"mkcpio: unknown option: -x\nusage: mkcpio [-0] [-C DIR] [-f STATE] [-o FILE]\n2\n"

testing "operands are refused" \
	"mkcpio tree 2>&1; echo \$?" \
	"mkcpio: extra operand: tree\nusage: mkcpio [-0] [-C DIR] [-f STATE] [-o FILE]\n2\n"

testing "an unwritable -o" \
	"echo tree | mkcpio -o nodir/x.cpio 2>&1; echo \$?" \
	"mkcpio: nodir/x.cpio: No such file or directory\n1\n"

testing "a full standard output is a failure" \
	"echo tree | mkcpio >/dev/full 2>err; echo \$?; cat err" \
	"1\nmkcpio: standard output: No space left on device\n"

testing "a bad SOURCE_DATE_EPOCH" \
	"echo tree | SOURCE_DATE_EPOCH=yesterday mkcpio 2>&1 >/dev/null; echo \$?" \
	"mkcpio: SOURCE_DATE_EPOCH: not a number of seconds in 0..4294967295: yesterday\n1\n"

testing "a SOURCE_DATE_EPOCH past newc's 32 bits" \
	"echo tree | SOURCE_DATE_EPOCH=4294967296 mkcpio 2>&1 >/dev/null; echo \$?" \
	"mkcpio: SOURCE_DATE_EPOCH: not a number of seconds in 0..4294967295: 4294967296\n1\n"

testing "-C to a missing directory" \
	"mkcpio -C nodir </dev/null 2>&1; echo \$?" \
	"mkcpio: nodir: No such file or directory\n1\n"

testing "no cpio to a terminal, as gzip refuses; -o FILE is fine" \
	"on_tty 'echo tree | mkcpio; echo \$?; echo tree | mkcpio -o tt.cpio; echo \$?' | tr -d '\\r' | sed 2d; cpio -it <tt.cpio 2>/dev/null" \
	"mkcpio: will not write a cpio archive to a terminal: use -o FILE or redirect\n2\n0\ntree\n"

# The kernel is the reference reader: boot busybox from an mkcpio initrd,
# once from one archive and once from two concatenated, and read the line
# /init writes on the second serial port.
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
cat >boot.sh <<EOF
rm -f console out
timeout 120 qemu-system-x86_64 -accel tcg -nographic -no-reboot -kernel "$kernel" \\
	-initrd "\$1" -append 'console=ttyS0 rdinit=/init panic=-1 quiet' \\
	-serial file:console -serial file:out -monitor none -m 256M </dev/null >/dev/null 2>&1
tr -d '\r' <out
EOF
if [ $root = yes ] && [ -n "$kernel" ] && [ -x /bin/busybox ] &&
	command -v qemu-system-x86_64 >/dev/null; then
	mkdir -p vm/bin vm/dev
	cp /bin/busybox vm/bin/busybox
	ln vm/bin/busybox vm/bin/sh           # hard links: the data is on the last
	ln vm/bin/busybox vm/bin/echo
	ln -s busybox vm/bin/poweroff
	mknod vm/dev/console c 5 1
	mknod vm/dev/ttyS1 c 4 65
	printf '#!/bin/sh\necho "booted from one mkcpio archive" >/dev/ttyS1\npoweroff -f\n' >vm/init
	chmod 755 vm/init
	(cd vm && find . | sort) >vm.names
	testing "the kernel boots an mkcpio initrd" \
		"mkcpio -C vm <vm.names >vm.cpio && sh boot.sh vm.cpio" "booted from one mkcpio archive\n"

	# two archives: busybox with devices made under fakeroot, then /init
	mkdir -p base/bin base/dev top
	cp /bin/busybox base/bin/busybox
	ln -s busybox base/bin/sh
	ln -s busybox base/bin/poweroff
	if fakeroot true 2>/dev/null; then
		fakeroot -s base.state sh -c 'mknod base/dev/console c 5 1 && mknod base/dev/ttyS1 c 4 65'
	else
		mknod base/dev/console c 5 1
		mknod base/dev/ttyS1 c 4 65
	fi
	printf '#!/bin/sh\necho "booted from two mkcpio archives" >/dev/ttyS1\npoweroff -f\n' >top/init
	chmod 755 top/init
	testing "the kernel boots two concatenated mkcpio archives, /init in the second" \
		"(cd base && find . | sort) | mkcpio -C base -f base.state >two.cpio &&
		 echo ./init | mkcpio -C top >>two.cpio && sh boot.sh two.cpio" \
		"booted from two mkcpio archives\n"
else
	skip "the kernel boots mkcpio initrds" "needs root, qemu-system-x86_64, /boot/vmlinuz-* and busybox-static"
fi
