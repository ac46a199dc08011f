# default.sbom.do — the CycloneDX SBOM of NAME.image: every file of its
# layers (from their .list files) and, when the top layer's tree holds a dpkg
# database, its Debian packages. Who supplies the image, and where to report
# vulnerabilities, come from SBOM_SUPPLIER, SBOM_MANUFACTURER, SBOM_URL and
# SBOM_CONTACT when set.
name=$2 out=$3
redo-ifchange "$name.image" "$name.image.layers"
lists= top=
while read -r l; do
	[ -n "$l" ] || continue
	lists="$lists $l.list"
	top=$l
done <"$name.image.layers"
# shellcheck disable=SC2086
redo-ifchange $lists
set --
[ -z "$SBOM_SUPPLIER" ] || set -- "$@" --supplier "$SBOM_SUPPLIER"
[ -z "$SBOM_MANUFACTURER" ] || set -- "$@" --manufacturer "$SBOM_MANUFACTURER"
[ -z "$SBOM_URL" ] || set -- "$@" --url "$SBOM_URL"
[ -z "$SBOM_CONTACT" ] || set -- "$@" --contact "$SBOM_CONTACT"
# each layer's tree is the whole image up to it: the top one is the image's
[ ! -e "$top/var/lib/dpkg/status" ] || set -- "$@" -C "$top"
# shellcheck disable=SC2086
sbom "$@" -o "$out" -- "$name.image" $lists
