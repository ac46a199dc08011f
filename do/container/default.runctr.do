# default.runctr.do — import NAME.image into containerd and run it; the
# container's output is the target. The namespace is CONTAINERD_NAMESPACE
# (default redobox); ctr finds containerd at CONTAINERD_ADDRESS (default
# /run/containerd/containerd.sock), as nerdctl and Kubernetes nodes use it.
redo-ifchange "$2.image"
need ctr || exit 99
CONTAINERD_NAMESPACE=${CONTAINERD_NAMESPACE:-redobox}
export CONTAINERD_NAMESPACE
# ctr names the image as the archive's index.json does: docker.io/redobox/NAME:TAG
ref=$(ctr images import "$2.image" | sed -n 's/^unpacking \(.*\) (sha256:[0-9a-f]*)\.\.\.done$/\1/p' | head -n 1)
if [ -z "$ref" ]; then
	echo "$0: $2: ctr images import named no image" >&2
	exit 1
fi
ctr run --rm "$ref" "redobox-$2-$$" >"$3"
