// sbom.cc — a CycloneDX SBOM of an image archive, from the .list files of
// its layers and, for a Debian tree, dpkg's database.
#include <cstdlib>

#include "command.h"
#include "error.h"
#include "image/config.h"
#include "sbom/cyclonedx.h"

namespace rb {

static int sbom_main(Invocation& inv) {
    const std::string image_path = inv.args[0];
    if (image_path == "-") throw UsageError("IMAGE must be a file: it is read twice");
    const std::vector<std::string> lists(inv.args.begin() + 1, inv.args.end());
    SbomInput in;
    in.created = source_date_epoch(getenv("SOURCE_DATE_EPOCH"));
    in.tool_version = kVersion;
    in.parties.supplier = inv.opts.get("supplier");
    in.parties.manufacturer = inv.opts.get("manufacturer");
    in.parties.url = inv.opts.get("url");
    in.parties.contact = inv.opts.get("contact");
    if (!in.parties.url.empty() && in.parties.supplier.empty() && in.parties.manufacturer.empty())
        throw UsageError("--url needs --supplier or --manufacturer");

    const SbomImage image = read_sbom_image(image_path);
    match_lists(image, image_path, lists);
    in.image = &image;
    std::vector<DebPackage> packages;
    if (inv.opts.has("C")) {
        const std::string root = inv.opts.get("C");
        packages = read_dpkg(root);
        in.os = read_os_release(root);
        in.packages = &packages;
    }
    const std::string text = build_cyclonedx(in).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    Destination dest(inv.opts.get("o"), inv.out);
    dest.writer().write(text);
    dest.writer().put('\n');
    dest.commit();
    return 0;
}

extern const Command sbom_command = {
    "sbom",
    "sbom [-C DIR] [-o FILE] [--supplier NAME] [--manufacturer NAME] [--url URL] [--contact ADDRESS] IMAGE LIST ...",
    "Write a CycloneDX 1.6 JSON SBOM of the image archive IMAGE (as mkimage\n"
    "writes it): the image as the metadata component (its tag, ID, manifest\n"
    "digest and layers), every regular file of every layer with its SHA-256,\n"
    "and with -C the tree's installed Debian packages, each linked to the files\n"
    "dpkg lists for it. Give one LIST, the .list file of each layer (fileids\n"
    "output, as the cookbook's NAME.list), in any order: a LIST is matched to\n"
    "the layer holding exactly its files, modes, owners and digests, read and\n"
    "hashed from the layer tar in IMAGE, so a LIST of another image, or a\n"
    "layer without one, is an error. Same inputs, same bytes: the timestamp is\n"
    "SOURCE_DATE_EPOCH (default 0) and the serial number a UUID of the image ID\n"
    "and manifest digest.\n"
    "\n"
    "  -C DIR              the image's tree: packages from DIR/var/lib/dpkg\n"
    "                      (status, info/*.list), the purl's distribution from\n"
    "                      DIR/etc/os-release, declared licenses from the\n"
    "                      machine-readable DIR/usr/share/doc/*/copyright\n"
    "  -o FILE             write the SBOM to FILE (atomically)\n"
    "  --supplier NAME     the organisation that supplies the image\n"
    "  --manufacturer NAME the organisation that makes it\n"
    "  --url URL           their web site\n"
    "  --contact ADDRESS   the security contact for vulnerability reports: an\n"
    "                      e-mail address (also the supplier's and manufacturer's\n"
    "                      contact) or a URL\n",
    {{'C', nullptr, "DIR"},
     {'o', nullptr, "FILE"},
     {0, "supplier", "NAME"},
     {0, "manufacturer", "NAME"},
     {0, "url", "URL"},
     {0, "contact", "ADDRESS"}},
    2,
    -1,
    sbom_main,
};

}  // namespace rb
