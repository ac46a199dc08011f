# default.rundocker.do — run exactly the image just built, by its ID, in the
# engine (DOCKER, default docker; DOCKER=podman works too).
redo-ifchange "$2.load"
docker=${DOCKER:-docker}
read -r id <"$2.load"
# shellcheck disable=SC2086
$docker run --rm "$id" >"$3"
