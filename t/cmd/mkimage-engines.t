#!/bin/sh
# mkimage-engines.t — mkimage's images in the real loaders: dockerd (both
# gzip decoders), podman, containerd (ctr, both gzip decoders, zstd),
# skopeo, a registry and umoci.
. "$TOP/t/lib.sh"
. "$TOP/t/engines.sh"
. "$TOP/t/cmd/mkimage-setup.sh"
engines_trap

if [ "$(id -u)" != 0 ]; then
	skip "docker, podman, containerd, skopeo, registry, umoci" "the engines need root here"
	exit 0
fi
# the images: plain, with two copies of a layer, --gzip, --zstd (mkimage.t checks their bytes)
cp base.tar copy.tar
if ! { mkimage -t hello -c tmpl.json -o img.tar base.tar top.tar >id &&
	mkimage -t dup -c tmpl.json -o dup.tar base.tar copy.tar top.tar >/dev/null &&
	mkimage --gzip -t hz -c tmpl.json -o gz.tar base.tar top.tar >/dev/null &&
	mkimage --zstd -t hzst -c tmpl.json -o zst.tar base.tar top.tar >/dev/null; } 2>"$T/build.log"; then
	fail "mkimage builds the images" "$(cat "$T/build.log")"
	exit 0
fi
id=$(cat id)
cfg=${id#sha256:}
bz=$(gz <base.tar | sha256sum | cut -d' ' -f1)
tz=$(gz <top.tar | sha256sum | cut -d' ' -f1)
bzs=$(tar -xOf zst.tar manifest.json | jq -r '.[0].Layers[0]' | cut -c14-)
tzs=$(tar -xOf zst.tar manifest.json | jq -r '.[0].Layers[1]' | cut -c14-)

# The engines inflate gzip layers with unpigz when it is on their PATH, with
# Go's reader when it is not or they are told not to: an unpigz that notes
# each call, before the real one, shows which decoder ran.
mkdir spy
printf '#!/bin/sh\necho "$*" >>%s/spy/called\nexec /usr/bin/unpigz "$@"\n' "$PWD" >spy/unpigz
chmod 755 spy/unpigz
: >spy/called
# start_with_spy ENGINE: start_ENGINE with the spying unpigz first on its PATH
start_with_spy() {
	_path=$PATH
	PATH=$PWD/spy:$PATH
	start_$1
	_rc=$?
	PATH=$_path
	return $_rc
}

# docker: a private dockerd from Debian's docker.io
if [ ! -x /usr/bin/unpigz ]; then
	skip "the engines' unpigz decoder" "pigz is not installed"
fi
if start_with_spy dockerd; then
	D="timeout 120 $DOCKER"
	# the --gzip image first: once its layers are in the store, a second load would skip them
	testing "docker load: the --gzip image" "$D load -i gz.tar" "Loaded image: hz:latest\n"
	testing "docker run of the --gzip image prints what /init prints" "$D run --rm hz" "$hello\n"
	testing "docker reports the same ID for the --gzip image" "$D image inspect --format '{{.Id}}' hz" "$id\n"
	testing "dockerd inflated the gzip layers with unpigz" "grep -c . spy/called" "2\n"
	check "docker removes it" "$D rmi hz"
	testing "docker load refuses the --zstd image (Docker 20.10)" \
		"$D load -i zst.tar >/dev/null 2>&1 || echo refused" "refused\n"
	testing "docker load: loads it under its tag" "$D load -i img.tar" "Loaded image: hello:latest\n"
	testing "docker reports the ID mkimage computed" "$D image inspect --format '{{.Id}}' hello" "$id\n"
	testing "docker run by ID prints what /init prints" "$D run --rm $id" "$hello\n"
	testing "docker run by tag prints what /init prints" "$D run --rm hello" "$hello\n"
	testing "docker loads an image with two copies of one layer (two entries of one name)" \
		"$D load -i dup.tar && $D run --rm dup" \
		"Loaded image: dup:latest\n$hello\n"
	testing "docker keeps the template's config" \
		"$D image inspect --format '{{json .Config.Cmd}} {{.Comment}} {{.Architecture}}' hello" '["/init"] kept amd64\n'
	stop_dockerd
else
	skip "docker load and run" "$ENGINE_WHY"
fi
: >spy/called
MOBY_DISABLE_PIGZ=true
export MOBY_DISABLE_PIGZ
if start_with_spy dockerd; then
	D="timeout 120 $DOCKER"
	testing "MOBY_DISABLE_PIGZ=true: dockerd loads and runs the --gzip image with Go's reader" \
		"$D load -i gz.tar && $D run --rm hz && $D image inspect --format '{{.Id}}' hz && grep -c . spy/called" \
		"Loaded image: hz:latest\n$hello\n$id\n0\n"
	stop_dockerd
else
	skip "dockerd with Go's gzip reader" "$ENGINE_WHY"
fi
unset MOBY_DISABLE_PIGZ

# podman: runc, its own storage
if setup_podman; then
	P="timeout 120 $PODMAN"
	testing "podman load: the --gzip image" "$P load -q -i gz.tar" "Loaded image: docker.io/library/hz:latest\n"
	testing "podman run of the --gzip image prints what /init prints" "$P run --rm --network none hz" "$hello\n"
	testing "podman reports the same ID for the --gzip image" "$P image inspect --format '{{.Id}}' hz" "$cfg\n"
	check "podman removes it" "$P rmi hz"
	# before the uncompressed image: layers with known diff_ids are not unpacked again
	testing "podman loads and runs the --zstd image, under its ID" \
		"$P load -q -i zst.tar && $P run --rm --network none hzst && $P image inspect --format '{{.Id}}' hzst" \
		"Loaded image: docker.io/library/hzst:latest\n$hello\n$cfg\n"
	check "podman removes it" "$P rmi hzst"
	testing "podman load: loads it under its tag" "$P load -q -i img.tar" "Loaded image: docker.io/library/hello:latest\n"
	testing "podman reports the ID mkimage computed" "$P image inspect --format '{{.Id}}' hello" "$cfg\n"
	testing "podman loads an image with two copies of one layer" \
		"$P load -q -i dup.tar && $P run --rm --network none dup" "Loaded image: docker.io/library/dup:latest\n$hello\n"
	testing "podman run by ID prints what /init prints" "$P run --rm --network none $cfg" "$hello\n"
	testing "podman run by tag prints what /init prints" "$P run --rm --network none hello" "$hello\n"
	stop_podman
else
	skip "podman load and run" "$ENGINE_WHY"
fi

# containerd: a private daemon (t/engines.sh). It unpacks no layer whose
# diff_ids it holds already in the namespace: the compressed images go
# first, or into namespaces of their own.
# manifest_of ARCHIVE: the manifest digest its index.json names
manifest_of() { tar -xOf "$1" index.json | jq -r '.manifests[0].digest'; }
ctr_up=
: >spy/called
if start_with_spy containerd; then
	C="timeout 120 $CTR"
	testing "ctr imports the --gzip image (unpigz inflates it) and runs it" \
		"$C images import gz.tar && sh $TOP/t/ctr-run c1 $C run --rm docker.io/library/hz:latest && grep -c . spy/called" \
		"unpacking docker.io/library/hz:latest ($(manifest_of gz.tar))...done\n$hello\n2\n"
	testing "ctr images import: the image under its name and mkimage's manifest digest" \
		"$C images import img.tar && $C images ls | awk '\$1 ~ /hello/ { print \$1, \$3 }'" \
		"unpacking docker.io/library/hello:latest ($(manifest_of img.tar))...done\ndocker.io/library/hello:latest $(manifest_of img.tar)\n"
	testing "ctr run --rm prints what /init prints" "sh $TOP/t/ctr-run c2 $C run --rm docker.io/library/hello:latest" "$hello\n"
	testing "containerd holds mkimage's config: the image ID" \
		"$C content get $(manifest_of img.tar) | jq -r .config.digest" "$id\n"
	Z="timeout 120 ctr --address $CONTAINERD_ADDRESS --namespace zstd"
	testing "ctr imports the --zstd image and runs it" \
		"$Z images import zst.tar && sh $TOP/t/ctr-run c3 $Z run --rm docker.io/library/hzst:latest" \
		"unpacking docker.io/library/hzst:latest ($(manifest_of zst.tar))...done\n$hello\n"
	stop_containerd
else
	skip "containerd import and run" "$ENGINE_WHY"
fi
: >spy/called
CONTAINERD_DISABLE_PIGZ=1
export CONTAINERD_DISABLE_PIGZ
if start_with_spy containerd; then
	C="timeout 120 $CTR"
	ctr_up=1
	testing "CONTAINERD_DISABLE_PIGZ=1: containerd imports and runs the --gzip image with Go's reader" \
		"$C images import gz.tar && sh $TOP/t/ctr-run c4 $C run --rm docker.io/library/hz:latest && grep -c . spy/called" \
		"unpacking docker.io/library/hz:latest ($(manifest_of gz.tar))...done\n$hello\n0\n"
else
	skip "containerd with Go's gzip reader" "$ENGINE_WHY"
fi
unset CONTAINERD_DISABLE_PIGZ

# skopeo, a registry, umoci
if command -v skopeo >/dev/null 2>&1; then
	S="timeout 120 skopeo --insecure-policy"
	testing "skopeo docker-archive: and oci-archive: agree on the layers" \
		"$S inspect docker-archive:img.tar | jq -c .Layers >d && $S inspect oci-archive:img.tar | jq -c .Layers >o && cmp d o && cat o" \
		"[\"sha256:$b\",\"sha256:$t\"]\n"
	testing "skopeo: the --gzip archive's layers are the compressed blobs" \
		"$S inspect oci-archive:gz.tar | jq -c .Layers" "[\"sha256:$bz\",\"sha256:$tz\"]\n"
	testing "skopeo: docker-archive: inflates them back to the diff_ids" \
		"$S inspect docker-archive:gz.tar | jq -c .Layers" "[\"sha256:$b\",\"sha256:$t\"]\n"
	testing "skopeo reads the config from both" \
		"$S inspect --config docker-archive:img.tar | jq -c .rootfs.diff_ids && $S inspect --config oci-archive:img.tar | jq -c .rootfs.diff_ids" \
		"[\"sha256:$b\",\"sha256:$t\"]\n[\"sha256:$b\",\"sha256:$t\"]\n"
else
	skip "skopeo inspect" "skopeo is not installed"
fi
if command -v skopeo >/dev/null 2>&1 && start_registry; then
	R=$REGISTRY
	# the --gzip image first: skopeo reuses blobs a registry already holds for a diff_id
	testing "the registry keeps the --gzip image's layers as they are" \
		"$S copy -q --preserve-digests --dest-tls-verify=false oci-archive:gz.tar docker://$R/hz:latest && $S inspect --tls-verify=false --raw docker://$R/hz:latest | jq -c '[.config.digest, .layers[].digest]'" \
		"[\"$id\",\"sha256:$bz\",\"sha256:$tz\"]\n"
	check "skopeo copy pushes the oci-archive to the registry" \
		"$S copy -q --dest-tls-verify=false oci-archive:img.tar docker://$R/hello:latest"
	check "skopeo copy pushes the docker-archive to the registry" \
		"$S copy -q --dest-tls-verify=false docker-archive:img.tar docker://$R/hello:docker"
	testing "the registry holds the config mkimage wrote, from both" \
		"$S inspect --tls-verify=false --config --raw docker://$R/hello:latest | sha256sum | cut -d' ' -f1 && $S inspect --tls-verify=false --config --raw docker://$R/hello:docker | sha256sum | cut -d' ' -f1" \
		"$cfg\n$cfg\n"
	check "skopeo copy pulls it back into an OCI layout" \
		"$S copy -q --src-tls-verify=false docker://$R/hello:latest oci:layout:hello"
	testing "the layout's manifest is the registry's, and so are its layer digests" \
		"$S inspect --tls-verify=false --raw docker://$R/hello:latest >reg.json && m=\$(jq -r '.manifests[0].digest' layout/index.json) && echo sha256:\$(sha256sum <reg.json | cut -d' ' -f1) | grep -qx \$m && jq -c '[.layers[].digest]' layout/blobs/sha256/\${m#sha256:} >a && jq -c '[.layers[].digest]' reg.json >b && cmp a b && jq length a" "2\n"
	testing "the --gzip image pulled into an OCI layout: mkimage's own layer digests" \
		"$S copy -q --src-tls-verify=false docker://$R/hz:latest oci:layout:hz && m=\$(jq -r '.manifests[] | select(.annotations[\"org.opencontainers.image.ref.name\"] == \"hz\") | .digest' layout/index.json) && jq -c '[.config.digest, .layers[].digest]' layout/blobs/sha256/\${m#sha256:}" \
		"[\"$id\",\"sha256:$bz\",\"sha256:$tz\"]\n"
	testing "each layout layer inflates to its diff_id; the config is mkimage's" \
		"m=\$(jq -r .manifests[0].digest layout/index.json) && jq -r '.config.digest, .layers[].digest' layout/blobs/sha256/\${m#sha256:} | cut -c8- | while read -r d; do if [ \$d = $cfg ]; then echo config; else gzip -dc layout/blobs/sha256/\$d | sha256sum | cut -d' ' -f1; fi; done" \
		"config\n$b\n$t\n"
	testing "skopeo: the --zstd image to the registry and back, its blobs unchanged" \
		"$S copy -q --preserve-digests --dest-tls-verify=false oci-archive:zst.tar docker://$R/hzst:latest && $S copy -q --src-tls-verify=false docker://$R/hzst:latest oci-archive:back.tar:latest && $S inspect --raw oci-archive:back.tar | jq -r '.config.digest, (.layers[] | .mediaType + \" \" + .digest)'" \
		"$id\napplication/vnd.oci.image.layer.v1.tar+zstd sha256:$bzs\napplication/vnd.oci.image.layer.v1.tar+zstd sha256:$tzs\n"
	if [ -n "$ctr_up" ]; then
		testing "the --zstd image back from the registry: containerd imports and runs it" \
			"timeout 120 ctr --address $CONTAINERD_ADDRESS --namespace back images import --base-name back.example/hzst back.tar >/dev/null && sh $TOP/t/ctr-run back timeout 120 ctr --address $CONTAINERD_ADDRESS --namespace back run --rm back.example/hzst:latest" "$hello\n"
	else
		skip "the --zstd image back from the registry in containerd" "containerd did not start"
	fi
	if command -v umoci >/dev/null 2>&1; then
		mkdir union
		tar -C union -xf base.tar
		tar -C union -xf top.tar
		testing "umoci unpack: the root filesystem is the union of the layers" \
			"timeout 120 umoci unpack --image layout:hello bundle >/dev/null && (cd bundle/rootfs && find . | sort | fileids) >got && (cd union && find . | sort | fileids) >want && cmp want got && grep -c greeting got" "1\n"
	else
		skip "umoci unpack" "umoci is not installed"
	fi
	stop_registry
else
	skip "registry push and pull" "${ENGINE_WHY:-skopeo is not installed}"
fi
