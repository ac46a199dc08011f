#!/bin/sh
# unprivileged.t — the command and redo suites again as a throwaway non-root
# user (tests that need root say SKIP there), and an unreadable file in a
# tree is one clear error naming it. The cookbook's chroot and Debian paths
# as a non-root user are in t/do/debian.t.
. "$TOP/t/lib.sh"

if ! throwaway_user; then
	skip "the suites as a non-root user" "needs root to add a throwaway user"
	exit 0
fi
mkdir -p "$U/build/bin"
cp -R "$TOP/t" "$TOP/cmd" "$TOP/man" "$U/"
cp "$TOP/$B/redobox" "$U/build/"
"$U/build/redobox" --install "$U/build/bin"
chown -R "$user" "$U"

as_user() {
	runuser -u "$user" -- env -i HOME="$U" LC_ALL=C TOP="$U" B=build RESULTS="$U/results" \
		SANITIZE="${SANITIZE:-}" \
		PATH="$U/build/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" "$@"
}

for t in "$U"/t/cmd/*.t "$U"/t/redo/*.t; do
	as_user sh "$t" >"$U/suite.log" 2>&1 ||
		fail "as $user: $(basename "$t") runs to its end" "$(tail -n 5 "$U/suite.log")"
	grep FAIL -A 8 "$U/suite.log" | sed 's/^/    /'
done
# the user's results count as this suite's, marked as theirs
sed "s/^\(PASS\|FAIL\|SKIP\) /\1 unprivileged: as $user: /" "$U/results" >>"$RESULTS"

# an unreadable file: one clear line naming it, from every command that reads
mkdir -p "$U/tree"
echo secret >"$U/tree/locked"
echo open >"$U/tree/open"
chmod 000 "$U/tree/locked"
chown -R "$user" "$U/tree"
cat >"$U/unreadable.sh" <<'EOF'
cd "$1" || exit 1
printf './open\n./locked\n' | fileids -C tree >/dev/null; echo "fileids $?"
printf './open\n./locked\n' | mklayer -C tree -o out.tar; echo "mklayer $? $(ls out.tar 2>&1 | grep -c 'No such')"
printf './open\n./locked\n' | mkcpio -C tree -o out.cpio; echo "mkcpio $? $(ls out.cpio 2>&1 | grep -c 'No such')"
sha256 tree/locked; echo "sha256 $?"
gz -o out.gz tree/locked; echo "gz $?"
mkimage -o out.image tree/locked; echo "mkimage $?"
EOF
testing "an unreadable file is a clear error naming it" \
	"runuser -u $user -- env PATH='$U/build/bin:$PATH' sh '$U/unreadable.sh' '$U' 2>&1" \
	"fileids: ./locked: Permission denied
fileids 1
mklayer: ./locked: Permission denied
mklayer 1 1
mkcpio: ./locked: Permission denied
mkcpio 1 1
sha256: tree/locked: Permission denied
sha256 1
gz: tree/locked: Permission denied
gz 1
mkimage: tree/locked: Permission denied
mkimage 1
"
