#!/bin/sh
# wrote.sh COMMAND — for t/hardening: run COMMAND with sh, its standard
# error folded into its standard output, then print "exit N" and every path
# under $T that appeared (+), went or changed (-) meanwhile. Files are
# compared by size and mtime, so a write anywhere but the output shows;
# lib.sh's own files and the snapshots are left out.
snap() {
	(cd "$T" && find . \( -path ./.snap -o -path ./.cache -o -path ./.actual -o -path ./.expected -o -path ./.stderr \) -prune \
		-o -type d -printf '%p/\t\n' -o -printf '%p\t%s %T@\n') | sort
}
: "${T:?wrote.sh needs T}"
mkdir -p "$T/.snap"
snap >"$T/.snap/before"
sh -c "$1" 2>&1
echo "exit $?"
snap >"$T/.snap/after"
comm -13 "$T/.snap/before" "$T/.snap/after" | cut -f1 | sed 's/^/+ /'
comm -23 "$T/.snap/before" "$T/.snap/after" | cut -f1 | sed 's/^/- /'
