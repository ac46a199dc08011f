# debian.fs.do — the application layer's tree: debootstrap's tree plus an
# /init that counts the installed packages. Made under fakeroot so the owners
# recorded for debootstrap carry over into debian.fakeroot.
#
# An interrupt must leave the old tree or none, never half of one: the tree
# and its state are built as debian.new and debian.new.fakeroot, and moved
# into place at the end, the state first. A .do that fails keeps its old
# target (this listing) as it was, so the listing depends on what changes
# when the moves begin: it is out of date while debian.new exists
# (redo-ifcreate) and whenever debian.fakeroot is not the one it was built
# with (redo-ifchange). try-fakeroot stops fakeroot's daemon on a signal and
# writes its state only when the command succeeds.
exec >&2
redo-ifchange debootstrap.fs
need fakeroot || exit 99
dir=debian new=debian.new
rm -rf "$new" "$new.fakeroot"
# Commands run in the background, so that a signal reaches this script at
# once (sh runs a trap only after a foreground command ends); on a signal or
# a failure the command is stopped and debian.new removed.
job=
run() { "$@" & job=$!; wait "$job"; }
stop() {
	[ -z "$job" ] || kill -TERM "$job" 2>/dev/null || true
	[ -z "$job" ] || wait "$job" || true
	exit "$1"
}
trap 'rm -rf "$new" "$new.fakeroot"' EXIT
trap 'stop 129' HUP
trap 'stop 130' INT
trap 'stop 143' TERM
run try-fakeroot -s "$new.fakeroot" debootstrap.fakeroot sh -ec '
	cp -a debootstrap/. "$1"
	cat >"$1/init" <<-\INIT
		#!/bin/sh
		# count the installed Debian packages
		dpkg -l | grep -c ^ii
	INIT
	chmod 755 "$1/init"
' sh "$new"
mv -f "$new.fakeroot" "$dir.fakeroot"
rm -rf "$dir"
mv "$new" "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
redo-ifcreate "$new"
redo-ifchange "$dir.fakeroot"
