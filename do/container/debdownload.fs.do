# debdownload.fs.do — download (only) the packages debootstrap installs, into
# the directory "debdownload". Kept by clean.do: downloading is the slow
# part, and packages left from an earlier run are simply reused. Built as
# debdownload.new and moved into place (see debian.fs.do).
exec >&2
redo-ifchange debootstrap.options
need debootstrap || exit 99
dir=debdownload new=debdownload.new
rm -rf "$new"
trap 'rm -rf "$new"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
if [ -d "$dir" ]; then cp -a "$dir/." "$new"; else mkdir "$new"; fi
# shellcheck disable=SC2046
debootstrap --download-only --keep-debootstrap-dir $(cat debootstrap.options) "$PWD/$new"
rm -rf "$dir"
mv "$new" "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
redo-ifcreate "$new"
