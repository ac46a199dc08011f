// mkimage.cc — layer tars and a config template to one image archive that
// docker load, podman load and skopeo all accept; prints the image ID.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "command.h"
#include "error.h"
#include "image/archive.h"
#include "image/config.h"
#include "image/digest_cache.h"
#include "image/ref.h"
#include "input.h"
#include "progress.h"
#include "threads.h"

namespace rb {

static int mkimage_main(Invocation& inv) {
    // the archive never goes to a terminal (refused below): no output to guard
    Progress progress("mkimage", inv.err);
    std::vector<ImageRef> tags;
    for (const std::string& t : inv.opts.all("t")) {
        ImageRef r = parse_image_ref(t);
        bool seen = false;
        for (const ImageRef& o : tags) seen = seen || o.full() == r.full();
        if (!seen) tags.push_back(r);
    }
    const std::string out_path = inv.opts.get("o");
    if (out_path.empty() || out_path == "-") refuse_terminal(inv.out.fd(), "an archive");
    nlohmann::json tmpl = nlohmann::json::object();
    if (inv.opts.has("c")) {
        InputFile in(inv.opts.get("c"), inv.in);
        tmpl = parse_template(read_all(in.fd(), in.name()), in.name());
    }
    const long long created = source_date_epoch(getenv("SOURCE_DATE_EPOCH"));

    if (inv.opts.has("gzip") && inv.opts.has("zstd")) throw UsageError("--gzip and --zstd: choose one");
    GzipOptions gzip;
    ZstdOptions zstd;
    gzip.threads = zstd.threads = thread_count(inv.opts, "j");
    if (!inv.opts.get("zstd").empty()) zstd.level = int(inv.opts.number("zstd", 3, 1, 19));
    ImageArchive image(std::move(tmpl), tags, created);
    image.set_progress(progress.counter());
    const DigestCache cache(inv.opts.has("no-cache") ? ""
                                                     : digest_cache_dir(getenv("XDG_CACHE_HOME"), getenv("HOME")));
    image.set_digest_cache(&cache);
    for (const std::string& path : inv.args)
        image.add_layer(path, inv.opts.has("gzip") ? &gzip : nullptr, inv.opts.has("zstd") ? &zstd : nullptr);

    Destination dest(out_path, inv.out);
    image.write(dest.writer());
    // The ID file follows the archive: one never names an image that was not written.
    dest.commit();
    const std::string id = image.id();
    if (inv.opts.has("id-file")) {
        Destination idf(inv.opts.get("id-file"), inv.out);
        idf.writer().write(id + "\n");
        idf.commit();
    }
    if (!out_path.empty() && out_path != "-") inv.out.write(id + "\n");
    return 0;
}

extern const Command mkimage_command = {
    "mkimage",
    "mkimage [-t NAME[:TAG]] [-c TEMPLATE] [-o FILE] [--id-file FILE] [--gzip | --zstd[=LEVEL]] [-j N] [--no-cache] LAYER ...",
    "Write an image archive holding the layer tars LAYER (base layer first), in\n"
    "the layout docker save writes since Docker 25: manifest.json, repositories,\n"
    "oci-layout, index.json, and blobs/sha256/ with the config, the OCI manifest\n"
    "and the layers. docker load, podman load and skopeo (docker-archive: and\n"
    "oci-archive:) all read it. The image ID is the SHA-256 of the config.\n"
    "The archive goes to standard output, or with -o to FILE, and then the ID\n"
    "(sha256:HEX) is printed on standard output. Two runs on the same inputs\n"
    "write the same bytes; SOURCE_DATE_EPOCH (default 0) sets the created time.\n"
    "A layer's digest is remembered per file (device, inode, size, mtime, ctime),\n"
    "so an unchanged layer is copied without being read twice.\n"
    "\n"
    "  -t NAME[:TAG]   tag the image (TAG defaults to latest); may be repeated\n"
    "  -c TEMPLATE     take config (Cmd, Env, Entrypoint, WorkingDir, User,\n"
    "                  ExposedPorts, Labels, ...), architecture and os from this\n"
    "                  Docker image JSON or OCI config (- for standard input);\n"
    "                  other members are kept\n"
    "  -o FILE         write the archive to FILE (atomically) and print the ID\n"
    "  --id-file FILE  write the ID, sha256:HEX and a newline, to FILE\n"
    "  --gzip          store the layers gzip-compressed (rsyncable, reproducible,\n"
    "                  as gz writes them); diff_ids stay those of the tars\n"
    "  --zstd[=LEVEL]  store the layers zstd-compressed (tar+zstd, rsyncable,\n"
    "                  the same bytes for any -j; LEVEL 1..19, default 3);\n"
    "                  podman, containerd, skopeo and registries read them,\n"
    "                  Docker 20.10's classic store does not\n"
    "  -j N            compress with N threads (default: online CPUs)\n"
    "  --no-cache      neither use nor record the layer digests remembered in\n"
    "                  ${XDG_CACHE_HOME:-~/.cache}/redobox/layer-digests/\n",
    {{'t', nullptr, "NAME[:TAG]"},
     {'c', nullptr, "TEMPLATE"},
     {'o', nullptr, "FILE"},
     {0, "id-file", "FILE"},
     {0, "gzip", nullptr},
     {0, "zstd", "[LEVEL]"},
     {'j', nullptr, "N"},
     {0, "no-cache", nullptr}},
    1,
    -1,
    mkimage_main,
};

}  // namespace rb
