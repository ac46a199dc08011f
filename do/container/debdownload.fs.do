# debdownload.fs.do — download (only) the packages debootstrap installs, into
# the directory "debdownload". Kept by clean.do: downloading is the slow
# part, and packages left from an earlier run are simply reused.
exec >&2
redo-ifchange debootstrap.options
need debootstrap || exit 99
mkdir -p debdownload
# shellcheck disable=SC2046
debootstrap --download-only --keep-debootstrap-dir $(cat debootstrap.options) "$PWD/debdownload"
(cd debdownload && find . | LC_ALL=C sort) >"$3"
