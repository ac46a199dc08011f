// sbom/dpkg.h — the installed Debian packages of a tree, from dpkg's own
// database (var/lib/dpkg/status and info/*.list), the distribution from
// etc/os-release, and declared licenses from machine-readable copyright files.
#pragma once
#include <string>
#include <vector>

namespace rb {

struct DebPackage {
    std::string name, version, arch;
    std::string source, source_version;  // the source package (default: the binary's own)
    std::string maintainer, description;  // description: its first line
    std::string homepage;
    std::vector<std::string> licenses;   // from its copyright file: see copyright_licenses
    std::vector<std::string> files;      // paths dpkg lists for it ("/usr/bin/ls"), as listed
};

struct OsRelease {
    std::string id, version_id, codename, name;
};

// The packages whose Status is "install ok installed", sorted by name and
// architecture. Throws Error("ROOT/var/lib/dpkg/status:LINE", ...) on a
// damaged status file, Error(path, strerror) when a file cannot be read.
std::vector<DebPackage> read_dpkg(const std::string& root);

// etc/os-release (else usr/lib/os-release) of the tree; fields left empty
// when there is neither.
OsRelease read_os_release(const std::string& root);

// The purl of a package: pkg:deb/ID/NAME@VERSION?arch=ARCH&distro=ID-VERSION_ID
// (the distro qualifier from VERSION_CODENAME when there is no VERSION_ID,
// left out when neither is known), components percent-encoded.
std::string deb_purl(const DebPackage& p, const OsRelease& os);

// Percent-encoding as the purl specification asks: every byte but ASCII
// letters, digits and ".-_~" becomes %XX (so "+" is %2B and ":" is %3A).
std::string purl_encode(const std::string& s);

// The licenses a copyright file declares, unique and sorted: a DEP-5 file's
// License: fields (their first lines); in a free-form file, the names of the
// /usr/share/common-licenses/NAME files it refers to.
std::vector<std::string> copyright_licenses(const std::string& text);

// Parse dpkg status text (named name in errors) into the installed packages,
// without their files or licenses.
std::vector<DebPackage> parse_dpkg_status(const std::string& text, const std::string& name);

}  // namespace rb
