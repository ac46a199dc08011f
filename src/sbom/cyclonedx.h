// sbom/cyclonedx.h — a CycloneDX 1.6 JSON document for an image: the image
// as the metadata component, its Debian packages, every regular file with
// its SHA-256, and the dependency graph image → packages → files.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sbom/dpkg.h"
#include "sbom/image.h"

namespace rb {

// Who stands behind the image: only the user knows, so these come from options.
struct SbomParties {
    std::string supplier, manufacturer;  // organisation names; empty: left out
    std::string url;                      // their web site, on both
    std::string contact;                  // security contact: an e-mail address or a URL
};

struct SbomInput {
    const SbomImage* image = nullptr;
    const std::vector<DebPackage>* packages = nullptr;  // none without a tree
    OsRelease os;
    SbomParties parties;
    long long created = 0;  // SOURCE_DATE_EPOCH
    std::string tool_version;
};

// The whole document. Equal inputs give equal JSON: components sorted
// (packages by name and architecture, then files by layer and name), the
// serial number derived from the image ID, the timestamp from created.
nlohmann::json build_cyclonedx(const SbomInput& in);

// An RFC 9562 version-5 UUID (SHA-1, name-based) of name in redobox's
// namespace, lowercase: the same name always gives the same UUID.
std::string name_uuid(const std::string& name);

// "/usr/bin/ls" resolved through the image's directory symlinks (so a merged
// /usr's "/bin/ls" names "./usr/bin/ls"), as a .list name. links maps .list
// names of symlinks to their targets.
std::string resolve_dirs(const std::string& path, const std::map<std::string, std::string>& links);

}  // namespace rb
