# default.load.do — load NAME.image into the engine (DOCKER, default docker;
# DOCKER=podman works too) and record the loaded image's ID.
redo-ifchange "$2.image" "$2.imageid"
docker=${DOCKER:-docker}
need "${docker%% *}" || exit 99
read -r id <"$2.imageid"
# shellcheck disable=SC2086
$docker load -i "$2.image" >&2
# shellcheck disable=SC2086
got=$($docker image inspect --format '{{.Id}}' "$id")
case "$got" in
sha256:*) ;;
*) got=sha256:$got ;;
esac
if [ "$got" != "$id" ]; then
	echo "$0: $2: the engine has $got, expected $id" >&2
	exit 1
fi
echo "$id" >"$3"
