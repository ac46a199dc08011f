#!/bin/sh
# gz.t — gzip compatibility, exact round trips, the same bytes for any thread
# count, the rsyncable property, decompression errors, -o, usage errors.
. "$TOP/t/lib.sh"

usage="usage: gz [-1 ... -9] [-cdfk] [-o FILE] [-p N] [--rsyncable | --no-rsyncable] [FILE ...]"

# Test data, made once: real files (a tar of /usr/lib, as the benchmark uses),
# 100 MB and its first 64 MiB; b has one byte changed at 32 MiB, c one byte
# inserted there.
tar -cf - -C /usr lib 2>/dev/null | head -c 104857600 >"$T/big"
if [ "$(wc -c <"$T/big")" -ne 104857600 ]; then
	skip "gz tests on 100 MB of /usr/lib" "/usr/lib holds less than 100 MB"
	exit 0
fi
head -c 67108864 "$T/big" >"$T/a"
cp "$T/a" "$T/b"
printf 'X' | dd of="$T/b" bs=1 seek=33554432 conv=notrunc 2>/dev/null
{ head -c 33554432 "$T/a"; printf 'X'; tail -c +33554433 "$T/a"; } >"$T/c"
head -c 8000000 "$T/big" >"$T/m"
head -c 5000000 /dev/urandom >"$T/random"

# shared A B: the per cent of A's deflate data (all but its last 8 bytes, the
# CRC and length, whose CRC must change with any edit) that B repeats as a
# common prefix plus a common suffix.
cat >"$T/shared" <<'SH'
head -c -8 "$1" >.a
head -c -8 "$2" >.b
sa=$(wc -c <.a)
sb=$(wc -c <.b)
n=$sa
[ "$sb" -lt "$n" ] && n=$sb
p=$(cmp .a .b 2>/dev/null | sed -n 's/.* differ: [a-z]* \([0-9]*\),.*/\1/p')  # "byte", or "char" in the C locale
if [ -n "$p" ]; then p=$((p - 1)); else p=$n; fi
# the longest common suffix, by bisection with cmp's skip operands
lo=0
hi=$((n - p))
while [ "$lo" -lt "$hi" ]; do
	mid=$(((lo + hi + 1) / 2))
	if cmp -s .a .b $((sa - mid)) $((sb - mid)); then lo=$mid; else hi=$((mid - 1)); fi
done
rm -f .a .b
echo $(((p + lo) * 100 / sa))
SH

# ---- format
testing "header: no name (FLG 0), mtime 0, XFL 0, OS 3" \
	"printf abc | gz | od -An -tx1 -N10" " 1f 8b 08 00 00 00 00 00 00 03\n"
testing "XFL says -9 and -1 as gzip does" \
	"printf abc | gz -9 | od -An -tx1 -j8 -N1; printf abc | gz -1 | od -An -tx1 -j8 -N1" \
	" 02\n 04\n"
testing "empty input: the same 20 bytes as gzip -n" \
	"gz </dev/null >mine && gzip -n </dev/null | cmp - mine && wc -c <mine" "20\n"

# ---- round trips, checked by gzip
testing "empty: gzip -t accepts, gzip -d gives nothing back" \
	"gz </dev/null >e.gz && gzip -t e.gz && gzip -dc e.gz | wc -c && gz -d <e.gz | wc -c" "0\n0\n"
testing "tiny" "gz >t.gz && gzip -t t.gz && gzip -dc t.gz && gz -dc t.gz" "abcabc" "abc"
testing "incompressible: 5 MB of urandom" \
	"gz -c random >r.gz && gzip -t r.gz && gzip -dc r.gz | cmp - random && gz -dc r.gz | cmp - random && echo same" \
	"same\n"
testing "100 MB from a pipe, through gzip -d and gz -d" \
	"cat big | gz >big.gz && gzip -t big.gz && gzip -dc big.gz | cmp - big && gz -d <big.gz | cmp - big && echo same" \
	"same\n"
testing_memory "memory stays bounded on 100 MB from a pipe (max RSS under 64 MiB)" \
	"cat big | /usr/bin/time -f %M -o rss gz -p 2 >/dev/null && [ \$(cat rss) -lt 65536 ] && echo bounded || cat rss" \
	"bounded\n"
testing "levels -1 and -9 round trip; -9 is smaller" \
	"gz -1 -c m >1.gz && gz -9 -c m >9.gz && gzip -t 1.gz 9.gz && gz -dc 1.gz | cmp - m && gz -dc 9.gz | cmp - m &&
	 [ \$(wc -c <9.gz) -lt \$(wc -c <1.gz) ] && echo ok" "ok\n"
testing "the last level given wins: -9 -1 is -1, -19 is -9" \
	"gz -1 <m >x1 && gz -9 -1 <m | cmp - x1 && gz -9 <m >x9 && gz -19 <m | cmp - x9 && ! cmp -s x1 x9 && echo ok" "ok\n"

# ---- reproducible
testing "the same bytes with -p 1, -p 2 and -p 3" \
	"gz -p 1 <a >p1 && gz -p 2 <a >p2 && gz -p 3 <a >p3 && cmp p1 p2 && cmp p1 p3 && gzip -t p1 && echo same" \
	"same\n"
testing "--no-rsyncable: the same bytes with -p 1 and -p 2" \
	"gz --no-rsyncable -p 1 <m >n1 && gz --no-rsyncable -p 2 <m >n2 && cmp n1 n2 && gzip -dc n1 | cmp - m && echo same" \
	"same\n"

# ---- rsyncable
testing "one byte changed in 64 MiB: at least 95% of the output shared" \
	"cp p1 a.gz && gz <b >b.gz && gzip -dc b.gz | cmp - b && p=\$(sh shared a.gz b.gz) && { [ \$p -ge 95 ] && echo ok || echo \$p%; }" \
	"ok\n"
testing "one byte inserted in 64 MiB: at least 95% shared" \
	"gz <c >c.gz && gzip -dc c.gz | cmp - c && p=\$(sh shared a.gz c.gz) && { [ \$p -ge 95 ] && echo ok || echo \$p%; }" \
	"ok\n"
testing "--no-rsyncable: an inserted byte changes the rest (under 60% shared)" \
	"gz --no-rsyncable <a >na.gz && gz --no-rsyncable <c >nc.gz && p=\$(sh shared na.gz nc.gz) && { [ \$p -lt 60 ] && echo ok || echo \$p%; }" \
	"ok\n"
testing "the shared measure: 100 for a file and itself, 0 for unrelated files" \
	"sh shared a.gz a.gz && gz <random >r.gz && sh shared a.gz r.gz" "100\n0\n"
testing "--no-rsyncable differs from rsyncable, within 1% in size" \
	"! cmp -s a.gz na.gz && gzip -t na.gz &&
	 awk -v r=\$(wc -c <a.gz) -v n=\$(wc -c <na.gz) 'BEGIN { d = (n - r) / r; print (d < 0.01 && d > -0.01) ? \"ok\" : d }'" \
	"ok\n"
testing "the last of --rsyncable and --no-rsyncable wins" \
	"gz <random >r1 && gz --no-rsyncable --rsyncable <random | cmp - r1 && gz --rsyncable --no-rsyncable <random >r2 && gz --no-rsyncable <random | cmp - r2 && echo ok" \
	"ok\n"

# ---- decompression
testing "-d: concatenated members, from gzip and from gz" \
	"{ printf abc | gzip; printf def | gz; printf ghi | gzip -9; } | gz -d" "abcdefghi"
testing "-d: gzip's own output with a file name in its header" \
	"gzip -c random >named.gz && gz -dc named.gz | cmp - random && echo same" "same\n"
testing "-d: zero padding after the last member is ignored, as gzip does" \
	"{ printf abc | gz; head -c 1000 /dev/zero; } | gz -d" "abc"
testing "-d: not gzip" "gz -d 2>&1; echo \$?" "gz: standard input: not in gzip format\n1\n" "hello\n"
testing "-d: empty input" "gz -d </dev/null 2>&1; echo \$?" "gz: standard input: unexpected end of file\n1\n"
testing "-d: truncated" \
	"gz <random >r.gz && head -c 100000 r.gz >cut.gz && gz -dc cut.gz 2>&1 >/dev/null; echo \$?" \
	"gz: cut.gz: unexpected end of file\n1\n"
testing "-d: a wrong CRC" \
	"gz <m >bad.gz && printf '\\377\\377' | dd of=bad.gz bs=1 seek=\$((\$(wc -c <bad.gz) - 8)) conv=notrunc 2>/dev/null &&
	 gz -dc bad.gz 2>&1 >/dev/null; echo \$?" \
	"gz: bad.gz: invalid compressed data: incorrect data check\n1\n"
testing "-d: garbled data" \
	"gz <m >g.gz && dd if=big of=g.gz bs=4000 count=1 seek=25 conv=notrunc 2>/dev/null &&
	 gz -dc g.gz 2>err >/dev/null; echo \$?; sed 's/data: .*/data: .../' err" \
	"1\ngz: g.gz: invalid compressed data: ...\n"
testing "-d: trailing garbage" \
	"{ printf abc | gz; echo junk; } | gz -d 2>&1; echo \$?" \
	"abcgz: standard input: trailing garbage after gzip data\n1\n"

# ---- output
testing "-o FILE: written whole" "gz -o out.gz random && gzip -dc out.gz | cmp - random && echo same" "same\n"
testing "-o FILE: nothing left when decompression fails half way" \
	"mkdir o1 && head -c 3000000 big.gz >o1/cut.gz && cd o1 && gz -d -o out cut.gz 2>&1; echo \$?; ls -A" \
	"gz: cut.gz: unexpected end of file\n1\ncut.gz\n"
testing "-o FILE: an existing file is kept when decompression fails" \
	"mkdir o2 && cd o2 && echo old >out && head -c 100 ../big | gz -d -o out 2>&1; echo \$?; cat out; ls -A" \
	"gz: standard input: not in gzip format\n1\nold\nout\n"
testing "a full standard output" "gz </dev/null 2>&1 >/dev/full; echo \$?" \
	"gz: standard output: No space left on device\n1\n"
testing "-d to a full standard output" "printf abc | gz | gz -d 2>&1 >/dev/full; echo \$?" \
	"gz: standard output: No space left on device\n1\n"

# ---- usage
testing "a missing file" "gz nope 2>&1; echo \$?" "gz: nope: No such file or directory\n1\n"
testing "-p 0" "gz -p 0 </dev/null 2>&1; echo \$?" "gz: -p: out of range 1..1024: 0\n$usage\n2\n"
testing "-p x" "gz -p x </dev/null 2>&1; echo \$?" "gz: -p: not a number: x\n$usage\n2\n"
testing "an unknown option" "gz -x </dev/null 2>&1; echo \$?" "gz: unknown option: -x\n$usage\n2\n"
testing "an unknown long option" "gz --fast </dev/null 2>&1; echo \$?" "gz: unknown option: --fast\n$usage\n2\n"
testing "-o with two operands" "gz -o x a b 2>&1; echo \$?" "gz: -o takes one FILE\n$usage\n2\n"

# ---- every reader gets the same bytes back from one gz stream: a whole tar
# (for bsdtar) of many blocks, from 4 threads
tar -cf "$T/lib.tar" -C "$T" m random
gz -p 4 <"$T/lib.tar" >"$T/lib.tar.gz"
testing "one gzip member, many blocks (gzip -l sees one)" \
	"gzip -lv lib.tar.gz | grep -c defla; [ \$(wc -c <lib.tar.gz) -gt 1000000 ] && echo big" "1\nbig\n"
testing "gzip -d reads it" "gzip -dc lib.tar.gz | cmp - lib.tar && echo same" "same\n"
testing "pigz -d reads it" "pigz -dc lib.tar.gz | cmp - lib.tar && echo same" "same\n"
testing "busybox gunzip reads it" "busybox gunzip -c lib.tar.gz | cmp - lib.tar && echo same" "same\n"
testing "gz -d (zlib) reads it" "gz -d <lib.tar.gz | cmp - lib.tar && echo same" "same\n"
testing "Python's gzip module reads it" \
	"python3 -c 'import gzip, sys; sys.stdout.buffer.write(gzip.open(\"lib.tar.gz\").read())' | cmp - lib.tar && echo same" \
	"same\n"
testing "libarchive reads it: bsdcat, and bsdtar lists the same members as tar" \
	"bsdcat lib.tar.gz | cmp - lib.tar && bsdtar -tf lib.tar.gz >bl && tar -tf lib.tar | cmp - bl && echo same" \
	"same\n"
testing "libdeflate's block joins hold at every level" \
	"for l in 1 2 3 4 5 6 7 8 9; do gz -\$l <m | gzip -dc | cmp - m || echo \$l; done; echo done" "done\n"

# ---- used as gzip is: FILE to FILE.gz and back
printf 'hello\n' >"$T/h0"
testing "gz FILE: FILE.gz written, FILE removed" \
	"cp h0 h && gz h; ls h*; gzip -dc h.gz" "h.gz\nh0\nhello\n"
testing "gz FILE: the same bytes as the filter, FILE's mode and mtime kept" \
	"cp random r3 && chmod 640 r3 && touch -d @1000000 r3 && gz r3 && gz <random | cmp - r3.gz && stat -c '%a %Y' r3.gz" \
	"640 1000000\n"
testing "gz -k FILE: FILE kept" "cp h0 k && gz -k k && ls k k.gz && gzip -dc k.gz" "k\nk.gz\nhello\n"
testing "gz -c FILE: to standard output, FILE kept" \
	"cp h0 c1 && gz -c c1 >out1 && ls c1* && gzip -dc out1" "c1\nhello\n"
testing "gz -d FILE.gz: FILE written, FILE.gz removed" \
	"mkdir dd && cp h.gz dd/ && cd dd && gz -d h.gz && ls && cat h" "h\nhello\n"
testing "gz -dk, and .tgz becomes .tar" \
	"mkdir dt && gzip -c h0 >dt/x.tgz && cd dt && gz -dk x.tgz && ls && cat x.tar" "x.tar\nx.tgz\nhello\n"
testing "gz -dc FILE.gz: to standard output, FILE.gz kept" \
	"mkdir dc && cp h.gz dc/ && cd dc && gz -dc h.gz && ls" "hello\nh.gz\n"
testing "several files, each in place" \
	"mkdir sv && cd sv && printf 1 >a && printf 2 >b && gz a b && ls && gz -d a.gz b.gz && cat a b" \
	"a.gz\nb.gz\n12"
testing "gz -c of several files: their members one after another" \
	"mkdir cs && cd cs && printf 1 >a && printf 2 >b && gz -c a b | gzip -dc" "12"
testing "an existing FILE.gz is kept, FILE too; -f overwrites" \
	"mkdir ex && cd ex && printf new >e && echo old >e.gz && gz e 2>&1; echo \$?; cat e.gz; gz -f e && ls && gzip -dc e.gz" \
	"gz: e.gz: already exists; -f overwrites it\n1\nold\ne.gz\nnew"
testing "compressing a .gz is refused, FILE kept" \
	"mkdir gg && cd gg && cp ../h.gz . && gz h.gz 2>&1; echo \$?; ls" \
	"gz: h.gz: already has a .gz suffix, unchanged\n1\nh.gz\n"
testing "-d of a name without .gz is refused" \
	"mkdir ns && cd ns && cp ../h0 . && gz -d h0 2>&1; echo \$?; ls" \
	"gz: h0: unknown suffix, not .gz or .tgz\n1\nh0\n"
testing "-d FILE.gz that is damaged: FILE.gz kept, no FILE, no temporary" \
	"mkdir dm && head -c 100000 r.gz >dm/cut.gz && cd dm && gz -d cut.gz 2>&1; echo \$?; ls -A" \
	"gz: cut.gz: unexpected end of file\n1\ncut.gz\n"
testing "a directory is refused" "mkdir dir1 && gz dir1 2>&1; echo \$?" "gz: dir1: Is a directory\n1\n"
testing "a missing file among several: the others done, exit 1" \
	"mkdir mf && cd mf && printf 1 >a && gz a nope 2>&1; echo \$?; ls" \
	"gz: nope: No such file or directory\n1\na.gz\n"

# ---- a terminal gets no compressed data (script gives one)
refused="gz: will not write compressed data to a terminal: use -o FILE or redirect\n$usage\n2\n"
for c in "gz </dev/null" "gz -c h0" "echo hi | gz -p 2" "gz -o - h0" "gz -k h0 -"; do
	testing "a terminal on standard output: $c refused, as gzip does" \
		"on_tty '$c' >o; r=\$?; tr -d '\\r' <o; echo \$r; ls h0" "${refused}h0\n"
done
testing "a terminal: gz FILE, -o FILE, -d and -f still write" \
	"cp h0 t1 && on_tty 'gz t1 && gz -o t2.gz h0 && gz -dc t1.gz && printf x | gz -f | gzip -dc' | tr -d '\r'; echo; ls t1* t2*" \
	"hello\nx\nt1.gz\nt2.gz\n"
