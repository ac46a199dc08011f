#!/bin/sh
# containerd.t — the cookbook's images in containerd (NAME.runctr), the zstd
# image (NAME.zstd.image) in containerd and podman, and all.do's containerd
# rows; the Debian image's runctr is in debian.t, which builds it.
. "$TOP/t/lib.sh"
. "$TOP/t/engines.sh"
. "$TOP/t/do/cookbook.sh"
engines_trap
cd "$C"

if ! redo simple.image >"$T/simple.log" 2>&1; then
	fail "simple.image builds" "$(tail -n 20 "$T/simple.log")"
	exit 0
fi
manifest=$(tar -xOf simple.image index.json | jq -r '.manifests[0].digest')

# the zstd image: another target, the default image unchanged
testing "simple.zstd.image: tar+zstd layers; simple.image keeps plain tars" \
	"cd $C && redo simple.zstd.image 2>/dev/null && for i in simple.image simple.zstd.image; do m=\$(tar -xOf \$i index.json | jq -r '.manifests[0].digest') && tar -xOf \$i blobs/sha256/\${m#sha256:} | jq -r '[.layers[].mediaType] | unique[]'; done" \
	"application/vnd.oci.image.layer.v1.tar\napplication/vnd.oci.image.layer.v1.tar+zstd\n"
sums=$(sha256sum libs.layer simple.layer | cut -c1-64)
testing "simple.zstd.image: the layers inflate to libs.layer and simple.layer; the ID is simple.image's" \
	"cd $C && tar -xOf simple.zstd.image manifest.json | jq -r '.[0].Layers[]' | while read -r l; do tar -xOf simple.zstd.image \$l | zstd -dc | sha256sum | cut -c1-64; done && redo simple.zstd.imageid simple.imageid 2>/dev/null && cmp simple.zstd.imageid simple.imageid && echo same" \
	"$sums\nsame\n"
testing "simple.zstd.image is tagged redobox/simple:zstd" \
	"cd $C && tar -xOf simple.zstd.image manifest.json | jq -r '.[0].RepoTags[]'" "redobox/simple:zstd\n"

if start_containerd; then
	testing "simple.runctr: Hello from containerd" \
		"cd $C && redo simple.runctr 2>/dev/null && cat simple.runctr" "Hello, world!\n"
	testing "containerd holds it in namespace redobox, under its name and mkimage's manifest digest" \
		"$CTR images ls | awk 'NR > 1 { print \$1, \$3 }'" "docker.io/redobox/simple:latest $manifest\n"
	testing "CONTAINERD_NAMESPACE chooses the namespace" \
		"cd $C && CONTAINERD_NAMESPACE=other redo simple.runctr 2>/dev/null && cat simple.runctr && ctr --address $CONTAINERD_ADDRESS -n other images ls -q" \
		"Hello, world!\ndocker.io/redobox/simple:latest\n"
	# a namespace of its own: containerd unpacks no layer it holds already there
	testing "simple.zstd.runctr: Hello from containerd, out of zstd layers" \
		"cd $C && CONTAINERD_NAMESPACE=zstd redo simple.zstd.runctr 2>/dev/null && cat simple.zstd.runctr" "Hello, world!\n"
	testing "all.do runs simple.runctr when containerd answers at CONTAINERD_ADDRESS" \
		"cd $C && NO_SLOW_TESTS=1 DOCKER=/nonexistent redo all >$T/all.log 2>&1; grep -c 'simple.runctr: *Hello, world! *ok' $T/all.log" "1\n"
	stop_containerd
else
	skip "simple.runctr" "$ENGINE_WHY"
fi
testing "all.do skips the containerd runs, with a warning, when none answers" \
	"cd $C && CONTAINERD_ADDRESS=$T/none.sock NO_SLOW_TESTS=1 DOCKER=/nonexistent redo all 2>&1 | grep -c -e 'no containerd answers at $T/none.sock: skipping the containerd runs' -e 'runctr'" "1\n"

if setup_podman; then
	testing "podman loads and runs simple.zstd.image" \
		"cd $C && $PODMAN load -q -i simple.zstd.image && $PODMAN run --rm --network none redobox/simple:zstd" \
		"Loaded image: docker.io/redobox/simple:zstd\nHello, world!\n"
	stop_podman
else
	skip "podman and simple.zstd.image" "$ENGINE_WHY"
fi
