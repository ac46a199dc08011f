// image/ref.h — image names ("NAME[:TAG]") checked against the reference
// grammar of distribution/reference and normalised the way Docker does.
#pragma once
#include <string>

namespace rb {

// A tagged image name, e.g. from "-t busybox" or "-t localhost:5000/a/b:v1".
struct ImageRef {
    std::string domain;  // "docker.io" when none was given
    std::string path;    // "library/busybox" for a one-component Docker Hub name
    std::string tag;     // "latest" when none was given

    // "docker.io/library/busybox:latest": the containerd image name
    std::string full() const;
    // "busybox": the name without the implied Docker Hub parts
    std::string familiar_name() const;
    // "busybox:latest": what docker images and RepoTags show
    std::string familiar() const;
};

// Parse and normalise NAME[:TAG]. Throws Error(text, reason) for a name the
// grammar refuses: upper case in the path, a bad separator, an overlong
// name or tag, a digest (a tag is wanted here), an empty component.
ImageRef parse_image_ref(const std::string& text);

}  // namespace rb
