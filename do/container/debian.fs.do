# debian.fs.do — the application layer's tree: debootstrap's tree plus an
# /init that counts the installed packages. Made under fakeroot so the owners
# recorded for debootstrap carry over into debian.fakeroot.
exec >&2
redo-ifchange debootstrap.fs
need fakeroot || exit 99
dir=debian
rm -rf "$dir" "$dir.fakeroot"
fakeroot -i debootstrap.fakeroot -s "$dir.fakeroot" sh -ec '
	cp -a debootstrap/. "$1"
	cat >"$1/init" <<-\INIT
		#!/bin/sh
		# count the installed Debian packages
		dpkg -l | grep -c ^ii
	INIT
	chmod 755 "$1/init"
' sh "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
