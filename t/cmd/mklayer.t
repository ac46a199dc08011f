#!/bin/sh
# mklayer.t — layer tars: ustar and pax headers, extraction by GNU tar and
# bsdtar, capabilities, hard links, whiteouts, reproducibility, errors.
. "$TOP/t/lib.sh"
. "$TOP/t/cmd/tree-setup.sh"

root=no
[ "$(id -u)" = 0 ] && root=yes

long=$(printf '%0120d' 0 | tr 0 n)           # one component past ustar's 100
half=$(printf '%060d' 0 | tr 0 h)            # a path ustar splits into prefix/name
target=$(printf '%0150d' 0 | tr 0 t)         # a link target past 100
mkdir -p tree/bin tree/dev "tree/$half/$half" tree/private tree/tmp
printf 'hello\n' >tree/bin/hello
ln tree/bin/hello tree/bin/hi
ln -s hello tree/bin/link
printf 'ping\n' >tree/bin/ping
printf 'x\n' >"tree/$long"
printf 'y\n' >"tree/$half/$half/file"
printf 'z\n' >"tree/with space"
printf 'utf\n' >"tree/café"
: >tree/empty
ln -s "$target" tree/far
mkfifo tree/fifo
chmod 755 tree tree/bin tree/dev "tree/$half" "tree/$half/$half"
chmod 700 tree/private
chmod 1777 tree/tmp
chmod 644 tree/bin/ping "tree/$long" "tree/$half/$half/file" "tree/with space" tree/café tree/empty tree/fifo
caps=no
if [ $root = yes ]; then
	chown 1234:567 tree/bin/hello
	chown 3000000:3000001 tree/empty
	mknod -m 620 tree/dev/tty c 4 65
	setcap cap_net_raw+ep tree/bin/ping 2>/dev/null && caps=yes
fi
chmod 4755 tree/bin/hello  # after chown, which clears set-id bits
(cd tree && find . | sort | fileids) >tree.list

testing "ustar where it fits: no pax header, ustar magic, numeric owners" \
	"printf './bin\n./bin/hello\n./bin/link\n' | mklayer -C tree >u.tar &&
	 grep -c PaxHeader u.tar; head -c 265 u.tar | tail -c 8 | od -An -c | tr -s ' ';
	 tar --numeric-owner -tvf u.tar | sed 's/  */ /g' | cut -d' ' -f1,2,4-" \
	"0\n u s t a r \\\\0 0 0\ndrwxr-xr-x $(stat -c %u/%g tree/bin) 1970-01-01 00:00 ./bin/
-rwsr-xr-x $(stat -c %u/%g tree/bin/hello) 1970-01-01 00:00 ./bin/hello
lrwxrwxrwx $(stat -c %u/%g tree/bin/link) 1970-01-01 00:00 ./bin/link -> hello\n"

# which pax records each entry needed, in archive order
cat >records.sh <<'EOF'
grep -ao '[0-9][0-9]* [A-Za-z.]*=' "$1" | sed 's/^[0-9]* //;s/=$//' | sort | uniq -c | sed 's/^ *//'
EOF
if [ $root = yes ] && [ $caps = yes ]; then
	testing "pax records only where ustar cannot hold the value" \
		"mklayer -C tree <tree.list >layer.tar && sh records.sh layer.tar" \
		"1 SCHILY.xattr.security.capability\n1 gid\n1 hdrcharset\n1 linkpath\n2 path\n1 uid\n"
else
	skip "pax records for ids and xattrs" "needs root for chown and setcap"
fi
testing "long names and link targets round-trip" \
	"printf './$long\n./$half/$half/file\n./far\n' | mklayer -C tree >n.tar && sh records.sh n.tar &&
	 tar -tvf n.tar | awk '{ print length(\$6), length(\$8) }'" \
	"1 linkpath\n1 path\n122 0\n128 0\n5 150\n"

testing "GNU tar and bsdtar list the same names, the list's" \
	"mklayer -C tree <tree.list >layer.tar && tar -tf layer.tar >gnu.names &&
	 bsdtar -tf layer.tar | cmp - gnu.names && sed 's/ [^ ]*\$//' tree.list >list.names &&
	 tar --quoting-style=literal -tf layer.tar | sed 's,/\$,,' | cmp - list.names &&
	 wc -l <gnu.names" \
	"$(wc -l <tree.list)\n"

if [ $root = yes ]; then
	testing "GNU tar extracts a tree whose fileids listing is the list" \
		"mklayer -C tree <tree.list >layer.tar && mkdir x &&
		 tar -C x --numeric-owner --same-owner -p --xattrs --xattrs-include='*' -xf layer.tar &&
		 (cd x && find . | sort | fileids) | cmp - tree.list && echo same" \
		"same\n"
	testing "bsdtar extracts a tree whose fileids listing is the list" \
		"mklayer -C tree <tree.list >layer.tar && mkdir y && bsdtar -C y --numeric-owner -xpf layer.tar &&
		 (cd y && find . | sort | fileids) | cmp - tree.list && echo same" \
		"same\n"
	testing "hard links come out as links" \
		"tar -tvf layer.tar | grep ' link to ' | sed 's/.* \\(.*\\) link to/\\1 link to/';
		 stat -c %i x/bin/hello x/bin/hi | uniq | wc -l" \
		"./bin/hi link to ./bin/hello\n1\n"
else
	skip "extraction by GNU tar and bsdtar equals the list" "needs root for owners"
fi
if [ $caps = yes ]; then
	testing "a file capability survives mklayer and tar --xattrs" \
		"mkdir c && echo ./bin/ping | mklayer -C tree | tar -C c --xattrs --xattrs-include='*' -xf - &&
		 getcap c/bin/ping" \
		"c/bin/ping cap_net_raw=ep\n"
else
	skip "a file capability survives" "needs root and setcap"
fi

if setfattr -n user.origin -v here tree/bin 2>/dev/null &&
	setfattr -n user.note -v "two words" "tree/with space" &&
	setfattr -n trusted.overlay.opaque -v y tree/private 2>/dev/null; then
	testing "user.* xattrs of files and directories survive; trusted.* is left out" \
		"mkdir ux && printf './bin\n./private\n./with space\n' | mklayer -C tree |
		 tar -C ux --xattrs --xattrs-include='*' -xf - &&
		 getfattr -h -d -m - ux/bin ux/private 'ux/with space' 2>/dev/null | grep -v '^\$'" \
		"# file: ux/bin\nuser.origin=\"here\"\n# file: ux/with space\nuser.note=\"two words\"\n"
	setfattr -x user.origin tree/bin
	setfattr -x user.note "tree/with space"
	setfattr -x trusted.overlay.opaque tree/private
else
	skip "user.* xattrs survive" "no user and trusted xattrs here (needs root and setfattr)"
fi

testing ".list lines, plain names and -0 names give the same layer" \
	"mklayer -C tree <tree.list >a.tar && sed 's/ [^ ]*\$//' tree.list | mklayer -C tree >b.tar &&
	 sed 's/ [^ ]*\$//' tree.list | tr '\n' '\0' | mklayer -0 -C tree >c.tar &&
	 cmp a.tar b.tar && cmp a.tar c.tar && echo same" \
	"same\n"

testing "the same tree gives the same bytes after touch and a copy elsewhere" \
	"mklayer -C tree <tree.list >one.tar && cp -a tree copy && find copy -exec touch -h {} + &&
	 (cd copy && find . | sort | fileids) | cmp - tree.list &&
	 mklayer -C copy <tree.list >two.tar && cmp one.tar two.tar && echo same" \
	"same\n"

testing "mtimes are clamped to SOURCE_DATE_EPOCH" \
	"mkdir clamp && touch -d @500 clamp/old && touch clamp/new &&
	 printf 'clamp/old\nclamp/new\n' | SOURCE_DATE_EPOCH=1000 mklayer | TZ=UTC tar --full-time -tvf - |
	 awk '{ print \$4, \$5 }'" \
	"1970-01-01 00:08:20\n1970-01-01 00:16:40\n"

testing "-o FILE writes what standard output gets" \
	"mklayer -C tree -o o.tar <tree.list && mklayer -C tree <tree.list | cmp - o.tar && echo same" \
	"same\n"

# whiteouts: a deleted directory (one whiteout), a deleted file beside it,
# a deleted file in a kept directory; a new file is the only entry
mkdir -p wb/keep wb/gone/sub
printf 'a\n' >wb/keep/a
printf 'old\n' >wb/keep/old
printf 'f\n' >wb/gone/sub/f
printf 'g\n' >wb/gone-file
(cd wb && find . | sort | fileids) >base.list
rm -r wb/gone wb/keep/old wb/gone-file
printf 'new\n' >wb/keep/new
(cd wb && find . | sort | fileids) >new.list
testing "--whiteouts: .wh.NAME for each topmost deleted path, after the entries" \
	"comm -13 base.list new.list | mklayer -C wb --whiteouts base.list | tar --numeric-owner -tvf - |
	 sed 's/  */ /g' | cut -d' ' -f1,2,3,6" \
	"-rw-r--r-- $(stat -c %u/%g wb/keep/new) 4 ./keep/new
---------- 0/0 0 ./.wh.gone
---------- 0/0 0 ./.wh.gone-file
---------- 0/0 0 ./keep/.wh.old\n"
testing "--whiteouts with -0 reads NUL-terminated BASE.list records" \
	"tr '\n' '\0' <base.list >base0.list && comm -13 base.list new.list >layer.list &&
	 mklayer -C wb --whiteouts base.list <layer.list >w1.tar &&
	 tr '\n' '\0' <layer.list | mklayer -0 -C wb --whiteouts base0.list >w0.tar && cmp w1.tar w0.tar && echo same" \
	"same\n"
testing "--whiteouts: an unchanged tree needs none" \
	"mklayer -C wb --whiteouts new.list </dev/null | tar -tf - | wc -l" "0\n"
testing "--whiteouts with a missing BASE.list fails before writing" \
	"mklayer -C wb --whiteouts nobase.list </dev/null 2>&1 >out.tar; echo \$?; wc -c <out.tar" \
	"mklayer: nobase.list: No such file or directory\n1\n0\n"

if fakeroot true 2>/dev/null; then
	fakeroot_tree
	testing "-f STATE: owners and device nodes as fakeroot recorded them" \
		"printf 'fr/file\nfr/null\n' | mklayer -f fr.state | tar --numeric-owner -tvf - |
		 sed 's/  */ /g' | cut -d' ' -f1-3,6" \
		"-rw-r--r-- 5/6 5 fr/file\ncrw-r--r-- 0/0 1,3 fr/null\n"
	fakeroot_same_bytes mklayer
else
	skip "-f STATE" "fakeroot does not work here"
fi

# refusals: nothing outside DIR is reachable
jail_tree
testing "a '..' component is refused" \
	"echo ./real/../../outside | mklayer -C jail 2>&1 >/dev/null; echo \$?" \
	"mklayer: ./real/../../outside: '..' component refused\n1\n"
testing "a symlink out of DIR is refused" \
	"echo up/outside | mklayer -C jail 2>&1 >/dev/null; echo \$?" \
	"mklayer: up/outside: refused: goes through the symlink up\n1\n"
testing "an absolute symlink is refused" \
	"echo ./abs/etc/passwd | mklayer -C jail 2>&1 >/dev/null; echo \$?" \
	"mklayer: ./abs/etc/passwd: refused: goes through the symlink ./abs\n1\n"
testing "an absolute name is refused" \
	"echo /etc/passwd | mklayer 2>&1 >/dev/null; echo \$?" \
	"mklayer: /etc/passwd: absolute name refused (names are relative to the directory)\n1\n"

if command -v python3 >/dev/null; then
	testing "a socket cannot be stored" \
		"python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"sock\")' &&
		 echo sock | mklayer 2>&1 >/dev/null; echo \$?" \
		"mklayer: sock: a socket cannot be stored in a tar\n1\n"
else
	skip "a socket cannot be stored" "no python3 to make a socket"
fi

testing "a missing file is named; the output so far has no end-of-archive" \
	"printf 'tree\nnope\n' | mklayer 2>&1 >part.tar; echo \$?; wc -c <part.tar" \
	"mklayer: nope: No such file or directory\n1\n512\n"
testing "a failed run leaves no -o FILE" \
	"echo nope | mklayer -o fail.tar 2>&1; echo \$?; ls -A | grep -c fail" \
	"mklayer: nope: No such file or directory\n1\n0\n"
testing "an unknown option is a usage error" \
	"mklayer --white 2>&1; echo \$?" \
	"mklayer: unknown option: --white\nusage: mklayer [-0] [-C DIR] [-f STATE] [-o FILE] [--whiteouts BASE.list]\n2\n"
testing "--whiteouts needs an argument" \
	"mklayer --whiteouts 2>&1 | head -1" \
	"mklayer: option needs an argument: --whiteouts\n"
testing "--whiteouts cannot read standard input" \
	"mklayer --whiteouts - </dev/null 2>&1; echo \$?" \
	"mklayer: --whiteouts: standard input already holds the names\nusage: mklayer [-0] [-C DIR] [-f STATE] [-o FILE] [--whiteouts BASE.list]\n2\n"
testing "an unwritable -o" \
	"echo tree | mklayer -o nodir/x.tar 2>&1; echo \$?" \
	"mklayer: nodir/x.tar: No such file or directory\n1\n"
testing "a full standard output is a failure" \
	"echo tree | mklayer >/dev/full 2>err; echo \$?; cat err" \
	"1\nmklayer: standard output: No space left on device\n"
testing "a bad SOURCE_DATE_EPOCH" \
	"echo tree | SOURCE_DATE_EPOCH=-5 mklayer 2>&1 >/dev/null; echo \$?" \
	"mklayer: SOURCE_DATE_EPOCH: not a number of seconds in 0..140737488355327: -5\n1\n"
testing "no tar to a terminal, as gzip refuses; -o FILE is fine" \
	"on_tty 'echo tree | mklayer; echo \$?; echo tree | mklayer -o tt.tar; echo \$?' | tr -d '\\r' | sed 2d; tar -tf tt.tar | head -1" \
	"mklayer: will not write a tar archive to a terminal: use -o FILE or redirect\n2\n0\ntree/\n"
