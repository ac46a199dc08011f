#!/bin/sh
# hostile.t — trees and inputs that other people made: odd names, long
# paths, symlinks out of the tree, files that change under the command,
# huge and many files, devices, damaged layers and fakeroot states. Each
# case gets a correct result (checked with GNU tar, bsdtar, cpio, sha256sum)
# or one clear "NAME: subject: reason" line and exit 1, and writes nothing
# but the output it was asked for.
. "$TOP/t/lib.sh"

export T TMPDIR="$T/tmp"
mkdir "$TMPDIR"
root=no
[ "$(id -u)" = 0 ] && root=yes

# A tmpfs makes the big and the many files quick; without one (not root)
# they go on the disk, only slower.
fast=$T/fast
scratch_tmpfs "$fast" 64m || true

# wrote.sh COMMAND: the command's output, exit status and what it wrote
wrote="$TOP/t/hardening/wrote.sh"

# listing.sh DIR: the NUL-terminated fileids listing of everything in DIR,
# owners read as 0:0, one record a line with its newlines shown as "\n"
cat >listing.sh <<'EOF'
(cd "$1" && find . -print0 | sort -z | fileids -0 -f none) | sed -z 's/\n/\\n/g' | tr '\0' '\n'
EOF

digest() { printf '%s\n' "$1" | sha256sum | cut -d' ' -f1; }
ldigest() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# --- names -------------------------------------------------------------
nl='
'
bad=$(printf 'bad\377\376utf')
long=$(printf '%0150d' 0 | tr 0 L)   # a component past ustar's 100 bytes
mkdir tree
printf 'space\n' >"tree/with space"
printf 'newline\n' >"tree/new${nl}line"
printf 'backslash\n' >'tree/back\slash'
printf 'dash\n' >tree/-dash
printf 'help\n' >tree/--help
printf 'utf\n' >"tree/$bad"
printf 'lookalike\n' >'tree/x 0100644-0-0-0'
mkdir -p "tree/$long/$long"
printf 'deep\n' >"tree/$long/$long/$long"   # a path of 454 bytes
ln -s loop2 tree/loop1
ln -s loop1 tree/loop2
ln -s /etc tree/out
ln -s ../../../etc/passwd tree/up
find tree -type d -exec chmod 755 {} +
find tree -type f -exec chmod 644 {} +

# every name, NUL-terminated, some without "./" (so "-dash" is a name, not an option)
printf '.\0./with space\0./new\nline\0./back\\slash\0-dash\0--help\0./bad\377\376utf\0./x 0100644-0-0-0\0./%s\0./%s/%s\0./%s/%s/%s\0./loop1\0./loop2\0./out\0./up\0' \
	"$long" "$long" "$long" "$long" "$long" "$long" >names0
d=0100644-0-0
cat >names0.expected <<EOF
. 0040755-0-0-0
./with space $d-$(digest space)
./new\\nline $d-$(digest newline)
./back\\slash $d-$(digest backslash)
-dash $d-$(digest dash)
--help $d-$(digest help)
./$bad $d-$(digest utf)
./x 0100644-0-0-0 $d-$(digest lookalike)
./$long 0040755-0-0-0
./$long/$long 0040755-0-0-0
./$long/$long/$long $d-$(digest deep)
./loop1 0120777-0-0-$(ldigest loop2)
./loop2 0120777-0-0-$(ldigest loop1)
./out 0120777-0-0-$(ldigest /etc)
./up 0120777-0-0-$(ldigest ../../../etc/passwd)
EOF
testing "fileids -0: every odd name once, digests as sha256sum gives them, links not followed" \
	"fileids -0 -C tree -f none <names0 | sed -z 's/\n/\\\\n/g' | tr '\0' '\n' | cmp - names0.expected && echo same" \
	"same\n"

# what an extractor made of an archive, against the tree itself
sh listing.sh tree >tree.listing
testing "mklayer -0: writes its output and nothing else" \
	"sh '$wrote' 'mklayer -0 -C tree -f none -o names.tar <names0'" "exit 0\n+ ./names.tar\n"
testing "mklayer -0: GNU tar extracts the very tree" \
	"mkdir gx && tar -xf names.tar -C gx 2>/dev/null && sh listing.sh gx | cmp - tree.listing && echo same" "same\n"
testing "mklayer -0: bsdtar extracts the very tree" \
	"mkdir bx && bsdtar -xf names.tar -C bx && sh listing.sh bx | cmp - tree.listing && echo same" "same\n"
testing "mklayer -0: entries in input order, names exact" \
	"bsdtar -tf names.tar | sed -n '2,3p;5,6p;12p'" \
	"./with space\n./new\\\\nline\n-dash\n--help\n./loop1\n"
testing "mkcpio -0: writes its output and nothing else" \
	"sh '$wrote' 'mkcpio -0 -C tree -f none -o names.cpio <names0'" "exit 0\n+ ./names.cpio\n"
testing "mkcpio -0: GNU cpio extracts the very tree" \
	"mkdir cx && (cd cx && cpio -idm --quiet <../names.cpio) && sh listing.sh cx | cmp - tree.listing && echo same" "same\n"
testing "mkcpio -0: bsdtar extracts the very tree" \
	"mkdir cbx && bsdtar -xf names.cpio -C cbx && sh listing.sh cbx | cmp - tree.listing && echo same" "same\n"

# .list lines, one a line: a name with spaces, or one that ends like an id
tr '\0' '\n' <names0 | sed '/^\.\/new$/d; /^line$/d' >names
testing ".list lines: the id is the last field, whatever the name holds" \
	"fileids -C tree -f none <names >names.list && mklayer -C tree <names.list | tar -xOf - './x 0100644-0-0-0' './with space'" \
	"space\nlookalike\n"
testing ".list lines: mkcpio reads the same names" \
	"mkcpio -C tree <names.list | cpio -i --quiet --to-stdout './x 0100644-0-0-0' './with space'" \
	"space\nlookalike\n"

# sha256: checksum lines for odd names, byte for byte what sha256sum writes
mkdir sn
printf a >'sn/with space'
printf b >"sn/new${nl}line"
printf c >'sn/back\slash'
printf d >sn/-dash
printf e >"sn/cr$(printf '\r')x"
printf f >"sn/$bad"
testing "sha256: odd names give sha256sum's very lines, which sha256sum -c reads back" \
	"cd sn && sha256 -- * >../sn.sums && sha256sum -- * | cmp - ../sn.sums && sha256sum -c --quiet ../sn.sums && wc -l <../sn.sums" \
	"6\n"

# --- long paths ----------------------------------------------------------
testing "a 454-byte path with 150-byte components: tar and cpio give it whole" \
	"printf './$long/$long/$long\n' >lp && mklayer -C tree <lp | tar -tf - | awk '{ print length }' && mkcpio -C tree <lp | cpio -it --quiet | awk '{ print length }'" \
	"454\n454\n"
# past PATH_MAX (4096): 20 components of 250 bytes, made one chdir at a
# time (the shell's cd gives up past PATH_MAX)
c250=$(printf '%0250d' 0 | tr 0 c)
mkdir deep
perl -e 'chdir "deep" or die; for (1 .. 20) { mkdir $ARGV[0]; chdir $ARGV[0] or die "chdir: $!" }
	open(F, ">f") or die; print F "bottom\n"; close F or die' "$c250"
(cd deep && find . | sort) >deep.names
testing "a path past PATH_MAX: fileids, mklayer and mkcpio all reach it" \
	"fileids -C deep -f none <deep.names | tail -n 1 | sed 's/.* //' &&
	 mklayer -C deep <deep.names | tar -tf - | tail -n 1 | awk '{ print length }' &&
	 mkcpio -C deep <deep.names | cpio -it --quiet | tail -n 1 | awk '{ print length }'" \
	"0100644-0-0-$(digest bottom)\n5023\n5023\n"

# --- symlinks ------------------------------------------------------------
testing "links out of the tree are stored as links, never followed" \
	"printf './out\n./up\n./loop1\n' | mklayer -C tree | tar -tvf - | sed 's/.* \.\//.\//' &&
	 printf './out\n./up\n./loop1\n' | mkcpio -C tree | cpio -itv --quiet 2>/dev/null | sed 's/.* \.\//.\//'" \
	"./out -> /etc\n./up -> ../../../etc/passwd\n./loop1 -> loop2\n./out -> /etc\n./up -> ../../../etc/passwd\n./loop1 -> loop2\n"
for cmd in fileids mklayer mkcpio; do
	o="-o out.x"
	[ $cmd = fileids ] && o=
	testing "$cmd: a name through a link out of the tree is refused" \
		"sh '$wrote' 'printf \"./out/passwd\\n\" | $cmd -C tree $o'" \
		"$cmd: ./out/passwd: refused: goes through the symlink ./out\nexit 1\n"
	testing "$cmd: a name through a symlink loop is refused" \
		"sh '$wrote' 'printf \"./loop1/x\\n\" | $cmd -C tree $o'" \
		"$cmd: ./loop1/x: refused: goes through the symlink ./loop1\nexit 1\n"
	testing "$cmd: a '..' name is refused" \
		"sh '$wrote' 'printf \"./a/../../etc\\n\" | $cmd -C tree $o'" \
		"$cmd: ./a/../../etc: '..' component refused\nexit 1\n"
	testing "$cmd: an absolute name is refused" \
		"sh '$wrote' 'printf \"/etc/passwd\\n\" | $cmd -C tree $o'" \
		"$cmd: /etc/passwd: absolute name refused (names are relative to the directory)\nexit 1\n"
	testing "$cmd: an empty name says where it is" \
		"sh '$wrote' 'printf \".\\n\\n\" | $cmd -C tree $o >/dev/null'" \
		"$cmd: standard input:2: empty name\nexit 1\n"
done

# --- files that change --------------------------------------------------
mkdir vg
printf 'first\n' >vg/grows
printf 'doomed\n' >vg/gone
printf './grows\n./gone\n' | fileids -C vg >vg.list
rm vg/gone
printf 'more\n' >>vg/grows
for cmd in mklayer mkcpio; do
	testing "$cmd: a listed file gone since: named, exit 1, no output" \
		"sh '$wrote' '$cmd -C vg -o vg.out <vg.list'" \
		"$cmd: ./gone: No such file or directory\nexit 1\n"
done
testing "mklayer: a listed file grown since: stored as it is now" \
	"grep grows vg.list | mklayer -C vg | tar -xOf - ./grows" "first\nmore\n"
testing "mkcpio: a listed file grown since: stored as it is now" \
	"grep grows vg.list | mkcpio -C vg | cpio -i --quiet --to-stdout ./grows" "first\nmore\n"

# race.sh COMMAND CHANGE: run COMMAND with its standard output into a FIFO;
# as soon as its first byte comes out, run CHANGE, then read the rest.
# A big first file keeps COMMAND blocked on the full FIFO meanwhile: mkcpio
# (which looks every name up before it writes) has looked ./small up and
# not yet opened it; mklayer is in the middle of copying ./big.
cat >race.sh <<'EOF'
rm -f race.fifo
mkfifo race.fifo
exec 4<&0  # a background job's standard input would be /dev/null
sh -c "$1" <&4 >race.fifo 2>race.err &
pid=$!
exec 3<race.fifo
dd bs=1 count=1 <&3 >race.out 2>/dev/null
sh -c "$2"
cat <&3 >>race.out
exec 3<&-
wait $pid
echo "exit $?"
cat race.err
EOF
mkdir rc
head -c 2000000 /dev/zero >rc/big
printf 'small\n' >rc/small
testing "mkcpio: a file grown between its lookup and its copy" \
	"printf './big\n./small\n' | timeout 60 sh race.sh 'mkcpio -C rc' 'echo more >>rc/small'" \
	"exit 1\nmkcpio: ./small: changed while being archived\n"
testing "mkcpio: a file removed between its lookup and its copy" \
	"printf './big\n./small\n' | timeout 60 sh race.sh 'mkcpio -C rc' 'rm rc/small'" \
	"exit 1\nmkcpio: ./small: No such file or directory\n"
testing "mklayer: a file that grows while it is copied" \
	"printf './big\n' | timeout 60 sh race.sh 'mklayer -C rc' 'echo more >>rc/big'" \
	"exit 1\nmklayer: ./big: changed while being archived\n"
testing "mklayer: a file that shrinks while it is copied" \
	"printf './big\n' | timeout 60 sh race.sh 'mklayer -C rc' 'truncate -s 1000000 rc/big'" \
	"exit 1\nmklayer: ./big: file shrank while being archived\n"
testing "the race checks leave nothing in the tree" "ls -A rc" "big\n"

# --- devices, fifos, sockets ---------------------------------------------
mkdir dv
mkfifo -m 644 dv/fifo
perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Local => "dv/sock", Listen => 1) or exit 1' 2>/dev/null
chmod 755 dv/sock 2>/dev/null
if [ $root = yes ]; then
	mknod -m 640 dv/tty c 4 65
	mknod -m 600 dv/sda b 8 0
	testing "fileids: devices, a fifo and a socket: their modes, digest 0, nothing opened" \
		"cd dv && printf './fifo\n./sda\n./sock\n./tty\n' | timeout 20 fileids -f none" \
		"./fifo 0010644-0-0-0\n./sda 0060600-0-0-0\n./sock 0140755-0-0-0\n./tty 0020640-0-0-0\n"
	testing "mklayer: devices with their numbers and a fifo, as GNU tar lists them" \
		"printf './fifo\n./sda\n./tty\n' | timeout 20 mklayer -C dv | tar -tvf - | awk '{ print \$1, \$3, \$NF }'" \
		"prw-r--r-- 0 ./fifo\nbrw------- 8,0 ./sda\ncrw-r----- 4,65 ./tty\n"
	testing "mkcpio: devices, a fifo and a socket, as bsdtar lists them" \
		"printf './fifo\n./sda\n./sock\n./tty\n' | timeout 20 mkcpio -C dv | bsdtar -tvf - | awk '{ print \$1, \$5, \$NF }'" \
		"prw-r--r-- 0 ./fifo\nbrw------- 8,0 ./sda\nsrwxr-xr-x 0 ./sock\ncrw-r----- 4,65 ./tty\n"
else
	skip "device nodes through fileids, mklayer and mkcpio" "mknod needs root"
fi
testing "mklayer: a socket is refused, nothing written" \
	"sh '$wrote' 'echo ./sock | mklayer -C dv -o dv.tar'" \
	"mklayer: ./sock: a socket cannot be stored in a tar\nexit 1\n"
# a fakeroot state that calls the fifo a regular file: opening it would hang
printf 'dev=%s,ino=%s,mode=100644,uid=0,gid=0,nlink=1,rdev=0\n' "$(stat -c %D dv/fifo)" "$(stat -c %i dv/fifo)" >fifo.state
for cmd in fileids mklayer mkcpio; do
	testing "$cmd: a fifo the state calls a regular file is an error, not a hang" \
		"echo ./fifo | timeout 20 $cmd -C dv -f fifo.state 2>&1 >/dev/null; echo exit \$?" \
		"$cmd: ./fifo: the owner source says regular file, but it is not one\nexit 1\n"
done

# --- garbage fakeroot states ------------------------------------------------
printf '\177ELF\2\1\1\0\0\0\n\377\376garbage\n' >elf.state
printf 'dev=801,ino=2,mode=40755,uid=0,gid=0,nlink=2,rdev=0\0\n' >nul.state
printf 'dev=801,ino=99999999999999999999999,mode=40755,uid=0,gid=0,nlink=2,rdev=0\n' >huge.state
printf 'dev=801,ino=2,mode=40755,uid=0,gid=0,nlink=2,rdev=0\ndev=801,ino=3,mode=1777777,uid=0,gid=0,nlink=1,rdev=0\n' >range.state
printf 'dev=801,ino=2,mode=40755,uid=0,gid=0,nlink=2,rdev=0,extra=1\n' >extra.state
mkdir dir.state
: >empty.state
for cmd in fileids mklayer mkcpio; do
	testing "$cmd: garbage state files: the file, the line, what is wrong" \
		"for s in elf nul huge range extra dir; do echo . | $cmd -C tree -f \$s.state 2>&1 >/dev/null; echo \$?; done | cat -v" \
		"$cmd: elf.state:1: bad or missing field 'dev'\n1\n$cmd: nul.state:1: bad or missing field 'rdev'\n1\n$cmd: huge.state:1: bad or missing field 'ino'\n1\n$cmd: range.state:2: value out of range\n1\n$cmd: extra.state:1: unexpected text after 'rdev'\n1\n$cmd: dir.state: Is a directory\n1\n"
done

testing "an empty state: every file 0:0, for fileids, mklayer and mkcpio" \
	"echo './with space' >ws && fileids -C tree -f empty.state <ws &&
	 mklayer -C tree -f empty.state <ws | tar --numeric-owner -tvf - | cut -d' ' -f1,2 &&
	 mkcpio -C tree -f empty.state <ws | bsdtar -tvf - | awk '{ print \$1, \$3, \$4 }'" \
	"./with space 0100644-0-0-$(digest space)\n-rw-r--r-- 0/0\n-rw-r--r-- 0 0\n"

# --- damaged layers given to mkimage ----------------------------------------
mkdir ly
head -c 100000 /dev/zero >ly/a
printf 'hi\n' >ly/b
printf './a\n./b\n' | mklayer -C ly -o good.tar
head -c 50000 good.tar >cut-data.tar
head -c 512 good.tar >header-only.tar
head -c 101888 good.tar >no-end.tar   # both entries, no end-of-archive blocks
cp good.tar bad-first.tar
printf X | dd of=bad-first.tar bs=1 seek=100 conv=notrunc 2>/dev/null
cp good.tar bad-second.tar
printf X | dd of=bad-second.tar bs=1 seek=$((512 + 100352)) conv=notrunc 2>/dev/null
printf '\37\213\10\0garbage' >bad.tar.gz
printf 'x' >one-byte.tar
testing "GNU tar agrees: each damaged layer is refused" \
	"for f in cut-data header-only bad-first bad-second one-byte; do tar -tf \$f.tar >/dev/null 2>&1; echo \$?; done" \
	"2\n2\n2\n2\n2\n"
testing "mkimage: a layer cut in its data" \
	"sh '$wrote' 'mkimage -o img.tar good.tar cut-data.tar'" \
	"mkimage: cut-data.tar: damaged tar archive: Truncated input file (needed 100352 bytes, only 49488 available)\nexit 1\n"
testing "mkimage: a layer cut after its first header" \
	"sh '$wrote' 'mkimage -o img.tar header-only.tar'" \
	"mkimage: header-only.tar: damaged tar archive: Truncated input file (needed 100352 bytes, only 0 available)\nexit 1\n"
testing "mkimage: a bad first header" \
	"sh '$wrote' 'mkimage -o img.tar bad-first.tar'" \
	"mkimage: bad-first.tar: not a tar archive\nexit 1\n"
testing "mkimage: a bad header further on" \
	"sh '$wrote' 'mkimage -o img.tar bad-second.tar'" \
	"mkimage: bad-second.tar: damaged tar archive: Damaged tar archive\nexit 1\n"
testing "mkimage: one byte" \
	"sh '$wrote' 'mkimage -o img.tar one-byte.tar'" \
	"mkimage: one-byte.tar: not a tar archive\nexit 1\n"
testing "mkimage: damaged gzip" \
	"sh '$wrote' 'mkimage -o img.tar bad.tar.gz'" \
	"mkimage: bad.tar.gz: compressed; mkimage takes uncompressed layer tars\nexit 1\n"
testing "mkimage --gzip: a damaged layer, no temporary left in TMPDIR" \
	"sh '$wrote' 'mkimage --gzip -o img.tar good.tar bad-second.tar'" \
	"mkimage: bad-second.tar: damaged tar archive: Damaged tar archive\nexit 1\n"
testing "mkimage: a tar missing only its end-of-archive blocks is whole, as for GNU tar" \
	"tar -tf no-end.tar && mkimage -o img.tar no-end.tar >/dev/null && tar -xOf img.tar manifest.json | grep -c \$(sha256sum no-end.tar | cut -c 1-64)" \
	"./a\n./b\n1\n"

# --- damaged gzip streams given to gz -d ------------------------------------
head -c 300000 /dev/urandom >noise
gz -o noise.gz noise
head -c 150000 noise.gz >cut.gz
cp noise.gz crc.gz
printf '\377\377' | dd of=crc.gz bs=1 seek=$(($(wc -c <noise.gz) - 8)) conv=notrunc 2>/dev/null
testing "gz -d: a cut stream, with -o: one clear error, nothing written" \
	"sh '$wrote' 'gz -d -o noise.out cut.gz'" "gz: cut.gz: unexpected end of file\nexit 1\n"
testing "gz -d: a wrong CRC, with -o: one clear error, nothing written" \
	"sh '$wrote' 'gz -d -o noise.out crc.gz'" "gz: crc.gz: invalid compressed data: incorrect data check\nexit 1\n"
testing "gzip agrees: both are damaged" \
	"gzip -t cut.gz 2>/dev/null; echo \$?; gzip -t crc.gz 2>/dev/null; echo \$?" "1\n1\n"

# --- 5 GiB and 9 GiB sparse files -------------------------------------------
# the first is 5 GiB of holes then "tail": its SHA-256, computed once with
# coreutils (head -c 5368709120 /dev/zero; printf tail) | sha256sum
big_sum=5b54eb8d85d0b9e9dea859bd52b584c9ce1edc967028b7fdd916cd23b31711c0
mkdir "$fast/sp"
truncate -s 5G "$fast/sp/big"
printf tail >>"$fast/sp/big"
truncate -s 9G "$fast/sp/huge"
testing "fileids: a 5 GiB sparse file, digest as sha256sum gives it" \
	"echo ./big | fileids -C '$fast/sp' -f none" "./big 0100644-0-0-$big_sum\n"
testing "mklayer: 5 GiB fits ustar's 11 octal digits: GNU tar lists the size, the data extract right" \
	"echo ./big | mklayer -C '$fast/sp' | tar -xvvOf - 2>list | sha256sum | cut -c 1-64 && awk '{ print \$3, \$NF }' list" \
	"$big_sum\n5368709124 ./big\n"
testing "mklayer: the 5 GiB header is plain ustar, size in octal" \
	"echo ./big | mklayer -C '$fast/sp' | head -c 512 | tail -c +125 | head -c 11; echo" \
	"50000000004\n"
testing "mklayer: 9 GiB needs a PAX size record, which GNU tar reads" \
	"echo ./huge | mklayer -C '$fast/sp' | head -c 10240 >huge.head; grep -ao 'size=[0-9]*' huge.head; tar -tvf huge.head 2>/dev/null | awk '{ print \$3, \$NF }'" \
	"size=9663676416\n9663676416 ./huge\n"
testing "mkcpio: 5 GiB is past newc's 4 GiB: a clear error, no output" \
	"sh '$wrote' 'echo ./big | mkcpio -C \"$fast/sp\" -o big.cpio'" \
	"mkcpio: ./big: file too large for newc (4 GiB limit)\nexit 1\n"
rm -rf "$fast/sp"

# --- 200,000 files: memory does not grow with the number of names -----------
mkdir "$fast/many"
(cd "$fast/many" && seq -f 'd%03g' 200 | xargs mkdir &&
	for dir in $(seq -f 'd%03g' 200); do seq -f "$dir/f%04g" 1000; done | xargs touch)
(cd "$fast/many" && find . | sort) >many.names
empty=$(printf '' | sha256sum | cut -c 1-64)
testing_memory "fileids: 200,201 names, every one listed, peak memory under 64 MiB" \
	"/usr/bin/time -o rss -f %M fileids -C '$fast/many' -f none <many.names >many.list &&
	 wc -l <many.list && grep -c -- '-0-0-$empty\$' many.list && test \$(cat rss) -lt 65536 && echo small" \
	"200201\n200000\nsmall\n"
testing_memory "mklayer: 200,201 entries, peak memory under 64 MiB" \
	"/usr/bin/time -o rss -f %M mklayer -C '$fast/many' -o many.tar <many.list && tar -tf many.tar | wc -l && test \$(cat rss) -lt 65536 && echo small" \
	"200201\nsmall\n"
rm -rf "$fast/many" many.tar many.list
