# default.load.do — make sure the engine (DOCKER, default docker; DOCKER=podman
# works too) holds NAME.image, loading it when it does not, and record its ID.
# Checked on every run: an engine can lose images behind redo's back, and
# DOCKER may name another engine; dependents rebuild only when the engine or
# the ID changed.
redo-always
redo-ifchange "$2.image" "$2.imageid"
docker=${DOCKER:-docker}
need "${docker%% *}" || exit 99
read -r id <"$2.imageid"
# shellcheck disable=SC2086
if ! $docker image inspect "$id" >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	$docker load -i "$2.image" >&2
fi
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
echo "$docker $id" | redo-stamp
