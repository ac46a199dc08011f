# debootstrap.fs.do — install the downloaded packages into the directory
# "debootstrap", as an ordinary user: fakechroot stands in for chroot and
# fakeroot for root, and fakeroot saves the owners it recorded in
# debootstrap.fakeroot. Package caches are removed: the image needs none.
# Built as debootstrap.new (state debootstrap.new.fakeroot) and moved into
# place at the end, as debian.fs.do explains.
exec >&2
redo-ifchange debdownload.fs debootstrap.options
need debootstrap fakeroot fakechroot || exit 99
dir=debootstrap new=debootstrap.new
rm -rf "$new" "$new.fakeroot"
# Commands run in the background, so that a signal reaches this script at
# once (sh runs a trap only after a foreground command ends); on a signal or
# a failure the command is stopped and debootstrap.new removed.
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
cp -a debdownload/. "$new"
# shellcheck disable=SC2046
run try-fakeroot -s "$new.fakeroot" "$new.fakeroot" \
	fakechroot debootstrap $(cat debootstrap.options) "$PWD/$new"

# Tidy up under fakeroot too, so the state forgets what is removed (a stale
# record would lend its owner to a later file that reuses the inode).
# fakechroot wrote absolute symlinks with the host path of the tree in front
# (/home/me/.../debootstrap.new/lib/...): make them point inside the tree.
run try-fakeroot -s "$new.fakeroot" "$new.fakeroot" sh -ec '
	dir=$1 prefix=$PWD/$1
	find "$dir" -type l -lname "$prefix/*" | while IFS= read -r link; do
		target=$(readlink "$link")
		ln -sfn "${target#"$prefix"}" "$link"
	done
	rm -rf "$dir"/var/cache/apt/archives/*.deb \
		"$dir"/var/cache/apt/*.bin \
		"$dir"/var/lib/apt/lists/*_Packages \
		"$dir"/var/lib/apt/lists/*_Sources \
		"$dir"/var/lib/apt/lists/debootstrap* \
		"$dir"/debootstrap
' sh "$new"

# into place: the state first, then the tree (see debian.fs.do)
mv -f "$new.fakeroot" "$dir.fakeroot"
rm -rf "$dir"
mv "$new" "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
redo-ifcreate "$new"
redo-ifchange "$dir.fakeroot"
