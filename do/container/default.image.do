# default.image.do — the image archive of the layers listed in
# NAME.image.layers (base first), with the config from template.json.
redo-ifchange "$2.image.layers" template.json
layers=
while read -r l; do
	[ -n "$l" ] && layers="$layers $l.layer"
done <"$2.image.layers"
# shellcheck disable=SC2086
redo-ifchange $layers
# shellcheck disable=SC2086
mkimage -t "redobox/$2:latest" -c template.json $layers >"$3"
