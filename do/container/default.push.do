# default.push.do — push NAME.image to the registry REGISTRY (host:port, for
# example 127.0.0.1:5000) as NAME:latest, and record the manifest digest.
# SKOPEO_FLAGS passes extra options (e.g. --dest-tls-verify=false).
redo-ifchange "$2.image"
need skopeo || exit 99
if [ -z "$REGISTRY" ]; then
	echo "$0: set REGISTRY=host:port to push $2" >&2
	exit 99
fi
# shellcheck disable=SC2086
skopeo copy --quiet $SKOPEO_FLAGS --digestfile "$3.digest" \
	"docker-archive:$2.image" "docker://$REGISTRY/$2:latest" >&2
{ echo "$REGISTRY/$2:latest"; cat "$3.digest"; echo; } >"$3"
rm -f "$3.digest"
