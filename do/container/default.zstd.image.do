# default.zstd.image.do — NAME.image with zstd-compressed layers (tar+zstd),
# tagged redobox/NAME:zstd: for podman, containerd, skopeo and registries;
# Docker 20.10 refuses it. Its ID is NAME.image's (the same config).
redo-ifchange "$2.image.layers" template.json
layers=
while read -r l; do
	[ -n "$l" ] && layers="$layers $l.layer"
done <"$2.image.layers"
# shellcheck disable=SC2086
redo-ifchange $layers
# shellcheck disable=SC2086
mkimage --zstd -t "redobox/$2:zstd" -c template.json $layers >"$3"
