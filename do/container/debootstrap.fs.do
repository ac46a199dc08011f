# debootstrap.fs.do — install the downloaded packages into the directory
# "debootstrap", as an ordinary user: fakechroot stands in for chroot and
# fakeroot for root, and fakeroot saves the owners it recorded in
# debootstrap.fakeroot. Package caches are removed: the image needs none.
exec >&2
redo-ifchange debdownload.fs debootstrap.options
need debootstrap fakeroot fakechroot || exit 99
dir=debootstrap
state=$PWD/$dir.fakeroot
rm -rf "$dir" "$state"
cp -a debdownload/. "$dir"
# shellcheck disable=SC2046
fakechroot fakeroot -s "$state" debootstrap $(cat debootstrap.options) "$PWD/$dir"

# Tidy up under fakeroot too, so the state forgets what is removed (a stale
# record would lend its owner to a later file that reuses the inode).
# fakechroot wrote absolute symlinks with the host path of the tree in front
# (/home/me/.../debootstrap/lib/...): make them point inside the tree.
fakeroot -i "$state" -s "$state" sh -ec '
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
' sh "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
