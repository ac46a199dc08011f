# all.do — build every container and run it on every platform whose tools
# are here; skip the rest with a warning, then check what each run printed.
exec >&2
skip_simple= skip_debian= skip_local= skip_kvm= skip_docker= skip_ctr=

warn() { echo "all: $*"; }

need ldd cc || { warn "skipping the simple image"; skip_simple=1; }
if ! need debootstrap fakeroot fakechroot; then
	warn "skipping the debian image"
	skip_debian=1
fi
if ! need unshare chroot || ! unshare -r true 2>/dev/null; then
	warn "unshare -r does not work here: skipping the chroot runs"
	skip_local=1
fi
if ! need qemu-system-x86_64 timeout busybox; then
	warn "skipping the kvm runs"
	skip_kvm=1
elif [ -z "$KERNEL" ] && ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	warn "no kernel in /boot and KERNEL is unset: skipping the kvm runs"
	skip_kvm=1
fi
docker=${DOCKER:-docker}
# shellcheck disable=SC2086
if ! need "${docker%% *}" || ! $docker info >/dev/null 2>&1; then
	warn "no working $docker engine: skipping the docker runs"
	skip_docker=1
fi
# containerd at CONTAINERD_ADDRESS (ctr's default: /run/containerd/containerd.sock)
ctrd=${CONTAINERD_ADDRESS:-/run/containerd/containerd.sock}
if ! need ctr || [ ! -S "${ctrd#unix://}" ] || ! ctr --connect-timeout 5s version >/dev/null 2>&1; then
	warn "no containerd answers at $ctrd: skipping the containerd runs"
	skip_ctr=1
fi
if [ -n "$NO_SLOW_TESTS" ]; then
	warn "NO_SLOW_TESTS is set: skipping the debian image"
	skip_debian=1
fi

targets=
add() { targets="$targets $*"; }
[ -n "$skip_simple$skip_ctr" ] || add simple.runctr
[ -n "$skip_debian$skip_ctr" ] || add debian.runctr
[ -n "$skip_simple" ] || add simple.image.gz
[ -n "$skip_simple$skip_local" ] || add libs.runlocal
[ -n "$skip_simple$skip_kvm" ] || add libs.runkvm
[ -n "$skip_simple$skip_docker" ] || add simple.rundocker
[ -n "$skip_debian" ] || add debian.image.gz
[ -n "$skip_debian$skip_local" ] || add debian.runlocal
[ -n "$skip_debian$skip_kvm" ] || add debian.runkvm
[ -n "$skip_debian$skip_docker" ] || add debian.rundocker
[ -n "$skip_simple" ] || add simple.sbom
[ -n "$skip_debian" ] || add debian.sbom
# shellcheck disable=SC2086
[ -z "$targets" ] || redo-ifchange $targets

failed=0
check() {
	printf 'all: checking %-18s %-28s ' "$1:" "$2" 
	if [ "$3" = ok ]; then echo ok; else echo FAILED; failed=1; fi
}
# each run must print what the hello program prints here, whatever hello.c
# says today
hello() {
	got=$(cat "$1") want=$(../hello/hello)
	[ -n "$want" ] && [ "$got" = "$want" ] && r=ok || r=bad
	check "$1" "$got" $r
}
count() {
	got=$(cat "$1")
	case "$got" in '' | *[!0-9]*) r=bad ;; *) [ "$got" -ge 70 ] && [ "$got" -le 150 ] && r=ok || r=bad ;; esac
	check "$1" "$got packages" $r
}
# an SBOM lists every regular file of the image's layers
files() {
	got=$(grep -c '^      "type": "file"' "$1.sbom" || :)
	want=$(while read -r l; do [ -z "$l" ] || cat "$l.list"; done <"$1.image.layers" |
		grep -c ' 010[0-7]\{4\}-[0-9]*-[0-9]*-[0-9a-f]\{64\}$' || :)
	pkgs=$(grep -c '^      "type": "library"' "$1.sbom" || :)
	[ "$got" = "$want" ] && r=ok || r=bad
	check "$1.sbom" "$got files, $pkgs packages" $r
}
if [ -z "$skip_simple" ]; then
	files simple
	[ -n "$skip_local" ] || hello libs.runlocal
	[ -n "$skip_kvm" ] || hello libs.runkvm
	[ -n "$skip_docker" ] || hello simple.rundocker
	[ -n "$skip_ctr" ] || hello simple.runctr
fi
if [ -z "$skip_debian" ]; then
	files debian
	[ -n "$skip_local" ] || count debian.runlocal
	[ -n "$skip_kvm" ] || count debian.runkvm
	[ -n "$skip_docker" ] || count debian.rundocker
	[ -n "$skip_ctr" ] || count debian.runctr
fi
exit $failed
