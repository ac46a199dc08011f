# t/lib.sh — golden-test helpers, sourced by every t/*/NAME.t.
#
#   testing NAME COMMAND EXPECTED [STDIN]
#
# runs COMMAND with sh in a scratch directory, STDIN on its standard input,
# and compares its standard output with EXPECTED (both through printf %b, so
# "\n" may be written). Fold errors into the output with 2>&1 or "|| echo $?".
# Tests run with the commands under test first on PATH.

: "${TOP:?t/lib.sh needs TOP}"
: "${RESULTS:=/dev/null}"
PATH="$TOP/${B:-build}/bin:$PATH"
export PATH LC_ALL=C
# sanitizer builds run under fakeroot too, whose LD_PRELOAD comes first
ASAN_OPTIONS=${ASAN_OPTIONS:-verify_asan_link_order=0}
export ASAN_OPTIONS

T=$(mktemp -d "${TMPDIR:-/tmp}/redobox-test.XXXXXX")
# mkimage's digest cache goes to the suite's scratch directory ($T/.cache,
# which t/hardening/wrote.sh leaves out), not the user's ~/.cache; what is
# installed once (cdxgen) stays in the real one
REDOBOX_CACHE=${REDOBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redobox}
XDG_CACHE_HOME=$T/.cache
export REDOBOX_CACHE XDG_CACHE_HOME
# at_exit COMMAND: run COMMAND when the suite ends (last added, first run),
# before whatever is mounted below $T is unmounted and $T removed. A signal
# to the suite ends it the same way.
_at_exit=
at_exit() { _at_exit="$1; $_at_exit"; }
trap 'eval "$_at_exit"; cd /; umount_below "$T"; rm -rf "$T"' EXIT
trap 'exit 130' HUP INT TERM
cd "$T"

# umount_below DIR: lazily unmount everything mounted at or below DIR,
# deepest first (a killed engine leaves its overlay mounts behind)
umount_below() {
	grep -o " $1/[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r _m; do
		umount -l "$_m" 2>/dev/null || true
	done
}

# scratch_tmpfs DIR SIZE: make DIR and, when root may, mount a tmpfs of SIZE
# on it; true when mounted. It is unmounted when the suite ends.
scratch_tmpfs() {
	mkdir -p "$1"
	[ "$(id -u)" = 0 ] && mount -t tmpfs -o "size=$2,mode=755" redobox-test "$1" 2>/dev/null
}

# throwaway_user: as root, add a user with no home and make $U, a directory
# it can read (the checkout may sit below a private home); both go when the
# suite ends. Sets $user and $U; false, with nothing made, when not root or
# the user cannot be added.
throwaway_user() {
	user=rbtest$$
	[ "$(id -u)" = 0 ] && useradd -M -d /nonexistent -s /bin/sh "$user" 2>/dev/null || return 1
	U=$(mktemp -d /tmp/redobox-user.XXXXXX)
	chmod 755 "$U"
	at_exit 'userdel "$user" 2>/dev/null; rm -rf "$U"'
}

# on_tty CMD (a script, for testing's sh -c): run CMD (sh) with a
# pseudo-terminal as its standard input, output and error (script, from
# bsdutils, which t/deps installs); prints what the terminal showed, with
# its carriage returns; exits with CMD's status
# (kept out of $T, where tests make directories of their own, bin/ among them)
_tools=$(mktemp -d "${TMPDIR:-/tmp}/redobox-tools.XXXXXX")
at_exit 'rm -rf "$_tools"'
printf '#!/bin/sh\nexec script -qfec "$1" /dev/null </dev/null\n' >"$_tools/on_tty"
chmod +x "$_tools/on_tty"
PATH=$_tools:$PATH

_suite=$(basename "$0" .t)

pass() {
	echo "PASS $_suite: $1" >>"$RESULTS"
	[ -z "$VERBOSE" ] || echo "PASS $_suite: $1"
}

fail() {
	echo "FAIL $_suite: $1" >>"$RESULTS"
	echo "FAIL $_suite: $1"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/    /'
}

testing() {
	printf '%b' "$3" >"$T/.expected"
	printf '%b' "${4-}" | sh -c "$2" >"$T/.actual" 2>"$T/.stderr" || true
	if cmp -s "$T/.expected" "$T/.actual"; then
		pass "$1"
	else
		fail "$1" "command: $2" "$(diff -u "$T/.expected" "$T/.actual" | tail -n +3)" \
			"$(head -c 2000 "$T/.stderr")"
	fi
}

# check NAME COMMAND: passes when COMMAND (run by sh) exits 0
check() {
	if sh -c "$2" >"$T/.actual" 2>&1; then
		pass "$1"
	else
		fail "$1" "command: $2" "$(head -c 2000 "$T/.actual")"
	fi
}

# skip NAME REASON: records a test that cannot run here
skip() {
	echo "SKIP $_suite: $1 ($2)" >>"$RESULTS"
	echo "SKIP $_suite: $1 ($2)"
}

# testing_memory NAME COMMAND EXPECTED [STDIN] — a test whose command checks
# peak RSS. Under AddressSanitizer the RSS is the sanitizer's shadow memory and
# quarantine, not the program's, so such a test is skipped there.
testing_memory() {
	if [ "${SANITIZE:-}" = 1 ]; then
		skip "$1" "peak memory is not the program's under AddressSanitizer"
	else
		testing "$@"
	fi
}
