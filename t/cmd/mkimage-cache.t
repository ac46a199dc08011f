#!/bin/sh
# mkimage-cache.t — the digest cache: an unchanged layer's diff_id is taken
# from it (and the archive is the same bytes), a changed one is hashed again,
# and a cache that is damaged or cannot be written changes nothing.
. "$TOP/t/lib.sh"
. "$TOP/t/cmd/mkimage-setup.sh"

C=$XDG_CACHE_HOME/redobox/layer-digests
# entries: how many layers the cache holds
printf '#!/bin/sh\nls -A "%s" 2>/dev/null | wc -l\n' "$C" >entries
# diff_id ARCHIVE: the first layer's diff_id in its config
printf '#!/bin/sh\n./config_of "$1" | jq -r ".rootfs.diff_ids[0]"\n' >diff_id
chmod 755 entries diff_id
# poke FILE OFFSET BYTES: overwrite FILE's bytes at OFFSET in place, then
# put its mtime back
poke() {
	touch -r "$1" stamp
	printf %s "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
	touch -r stamp "$1"
}
# edit FILE OLD NEW: poke NEW (as long as OLD) where OLD first is
edit() { poke "$1" "$(LC_ALL=C grep -obUa "$2" "$1" | head -n 1 | cut -d: -f1)" "$3"; }
# age FILE...: old mtimes, then wait out the 100 ms in which a file just
# changed is not recorded (touch sets the ctime to now)
age() { touch -d @86400 "$@" && sleep 0.3; }

mkdir -p m
echo marker-one >m/msg
mktar m m.tar
age m.tar base.tar top.tar
testing "--no-cache records nothing" "mkimage -t c -o nc.tar --no-cache m.tar top.tar >/dev/null && ./entries" "0\n"
testing "a run with the cache records each layer" "mkimage -t c -o c1.tar m.tar top.tar >/dev/null && ./entries" "2\n"
testing "with the cache: the same bytes as without, first run and next" \
	"cmp nc.tar c1.tar && mkimage -t c -o c2.tar m.tar top.tar >/dev/null && cmp nc.tar c2.tar && mkimage -t c m.tar top.tar | cmp - nc.tar && echo same" "same\n"
testing "the diff_id is the layer's SHA-256" "./diff_id c2.tar" "sha256:$(sha m.tar)\n"
# a layer found in the cache is neither hashed (pread of the layer) nor walked
if command -v strace >/dev/null 2>&1; then
	testing "an unchanged layer is not read to hash it; with --no-cache it is" \
		"ASAN_OPTIONS=detect_leaks=0 strace -f -y -o t1 -e trace=pread64 mkimage -o s1.tar m.tar >/dev/null && grep -c 'pread64([0-9]*<[^>]*/m.tar>' t1; ASAN_OPTIONS=detect_leaks=0 strace -f -y -o t2 -e trace=pread64 mkimage --no-cache -o s2.tar m.tar >/dev/null && grep -c 'pread64([0-9]*<[^>]*/m.tar>' t2 | sed 's/^[1-9][0-9]*$/read/'; cmp s1.tar s2.tar && echo same" \
		"0\nread\nsame\n"
else
	skip "an unchanged layer is not read to hash it" "strace is not installed"
fi

# an edit in place, the size and mtime put back: only the ctime tells
old=$(stat -c '%i %s %Y' m.tar)
edit m.tar marker-one marker-two
testing "an edit in place with touch -r: same inode, size and mtime" "stat -c '%i %s %Y' m.tar" "$old\n"
testing "an edit in place with touch -r: the new digest" \
	"mkimage -o e1.tar m.tar >/dev/null && ./diff_id e1.tar && tar -xOf e1.tar blobs/sha256/$(sha m.tar) | tar -xOf - ./msg" \
	"sha256:$(sha m.tar)\nmarker-two\n"
testing "and the new digest again, now from the cache" \
	"sleep 0.3; mkimage -o e2.tar m.tar >/dev/null; mkimage -o e3.tar m.tar >/dev/null && ./diff_id e3.tar && mkimage --no-cache m.tar | cmp - e3.tar && echo same" \
	"sha256:$(sha m.tar)\nsame\n"
# rewritten right after a run (within the margin, its entry not recorded),
# then back to its old bytes and times
cp m.tar r.tar
mkimage -o r1.tar r.tar >/dev/null
edit r.tar marker-two marker-six
testing "a layer rewritten right after a run: the new digest" "mkimage -o r2.tar r.tar >/dev/null && ./diff_id r2.tar" "sha256:$(sha r.tar)\n"

# damaged entries: each is a miss, then written anew
mkimage -o d0.tar m.tar >/dev/null
zeros=$(printf %064d 0)
for f in "$C"/*; do sed -i "s/^checked sha256:.*/checked sha256:$zeros/" "$f"; done
testing "an entry whose digest was changed (its own checksum fails): ignored" \
	"mkimage -o d1.tar m.tar >/dev/null && ./diff_id d1.tar && cmp d0.tar d1.tar && echo same" "sha256:$(sha m.tar)\nsame\n"
for f in "$C"/*; do head -c 40 "$f" >x && cat x >"$f"; done
testing "a torn entry: ignored" "mkimage -o d2.tar m.tar >/dev/null && cmp d0.tar d2.tar && echo same" "same\n"
for f in "$C"/*; do head -c 300 /dev/urandom >"$f"; done
testing "a foreign entry: ignored" "mkimage -o d3.tar m.tar >/dev/null && cmp d0.tar d3.tar && echo same" "same\n"
for f in "$C"/*; do rm -f "$f" && mkdir "$f"; done
testing "a directory where an entry goes: no entry, the same archive" \
	"mkimage -o d4.tar m.tar >/dev/null && cmp d0.tar d4.tar && echo same" "same\n"
for f in "$C"/*; do rm -rf "$f" && mkfifo "$f"; done
testing "a FIFO where an entry goes: no wait, the same archive" \
	"timeout 10 mkimage -o d5.tar m.tar >/dev/null && cmp d0.tar d5.tar && echo same" "same\n"
rm -rf "$C"

# a cache that cannot be written
: >notadir
testing "XDG_CACHE_HOME a file: mkimage works, the same bytes" \
	"XDG_CACHE_HOME=\$PWD/notadir mkimage -t c m.tar top.tar >u1.tar && mkimage -t c --no-cache m.tar top.tar | cmp - u1.tar && echo same" "same\n"
testing "no XDG_CACHE_HOME, HOME not absolute: no cache, mkimage works" \
	"env -u XDG_CACHE_HOME HOME=relative mkimage m.tar >u2.tar && cmp d0.tar u2.tar && ls -A | grep -c relative" "0\n"
mkdir -p ro/redobox/layer-digests
chmod 555 ro/redobox/layer-digests
testing "a read-only cache directory: mkimage works" \
	"XDG_CACHE_HOME=\$PWD/ro mkimage m.tar >u3.tar && cmp d0.tar u3.tar && echo same" "same\n"
chmod 755 ro/redobox/layer-digests

# a damaged layer is refused on every run, whatever was recorded before
cp m.tar bad.tar
age bad.tar
mkimage -o b0.tar bad.tar >/dev/null
n=$(./entries)
# the first header's checksum field: the tar no longer reads
poke bad.tar 148 999999
testing "a layer damaged in place after it was recorded: refused, twice" \
	"mkimage -o b1.tar bad.tar 2>&1; echo \$?; mkimage -o b1.tar bad.tar 2>&1; echo \$?; ls -A | grep -c b1.tar" \
	"mkimage: bad.tar: not a tar archive\n1\nmkimage: bad.tar: not a tar archive\n1\n0\n"
testing "a damaged layer is not recorded" "echo \$(( \$(./entries) - $n ))" "0\n"
head -c 3000 base.tar >trunc.tar
age trunc.tar
testing "a truncated layer: refused on every run" \
	"mkimage -o t.tar trunc.tar 2>&1 | sed 's/ (.*)//'; mkimage -o t.tar trunc.tar 2>&1 | sed 's/ (.*)//'; ls -A | grep -c '^t.tar'" \
	"mkimage: trunc.tar: damaged tar archive: Truncated input file\nmkimage: trunc.tar: damaged tar archive: Truncated input file\n0\n"

# compressed layers take the cached diff_id too
testing "--gzip and --zstd: the same bytes with the cache as without" \
	"mkimage --gzip -o g1.tar m.tar top.tar >/dev/null && mkimage --gzip -o g2.tar m.tar top.tar >/dev/null && mkimage --gzip --no-cache m.tar top.tar | cmp - g2.tar && cmp g1.tar g2.tar && mkimage --zstd -o z1.tar m.tar >/dev/null && mkimage --zstd --no-cache m.tar | cmp - z1.tar && echo same" \
	"same\n"
