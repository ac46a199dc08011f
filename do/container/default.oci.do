# default.oci.do — NAME.image as an OCI image archive (oci-archive:).
redo-ifchange "$2.image"
need skopeo || exit 99
rm -f "$3.tmp"
skopeo copy --quiet "docker-archive:$2.image" "oci-archive:$3.tmp:$2" >&2
mv "$3.tmp" "$3"
