// sbom_test.cc — the sbom modules: dpkg status parsing, purls, copyright
// licenses, symlinked directories, name-based UUIDs and list keys.
#include <catch2/catch.hpp>

#include "error.h"
#include "sbom/cyclonedx.h"
#include "sbom/dpkg.h"
#include "sbom/image.h"

using namespace rb;

static const char* kStatus =
    "Package: libc6\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Multi-Arch: same\n"
    "Source: glibc\n"
    "Version: 2.36-9+deb12u4\n"
    "Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n"
    "Description: GNU C Library: Shared libraries\n"
    " Contains the standard libraries.\n"
    "\n"
    "Package: gone\n"
    "Status: deinstall ok config-files\n"
    "Architecture: all\n"
    "Version: 1.0\n"
    "\n"
    "Package: bsdutils\n"
    "Status: install ok installed\n"
    "Architecture: amd64\n"
    "Source: util-linux (2.38.1-5)\n"
    "Version: 1:2.38.1-5+b1\n";

TEST_CASE("dpkg status: installed packages only, sorted, Source split") {
    auto p = parse_dpkg_status(kStatus, "status");
    REQUIRE(p.size() == 2);
    CHECK(p[0].name == "bsdutils");
    CHECK(p[0].version == "1:2.38.1-5+b1");
    CHECK(p[0].source == "util-linux");
    CHECK(p[0].source_version == "2.38.1-5");
    CHECK(p[1].name == "libc6");
    CHECK(p[1].source == "glibc");
    CHECK(p[1].source_version == "2.36-9+deb12u4");
    CHECK(p[1].description == "GNU C Library: Shared libraries");
    CHECK(p[1].maintainer == "GNU Libc Maintainers <debian-glibc@lists.debian.org>");
}

TEST_CASE("dpkg status: damage is an error naming the line") {
    CHECK_THROWS_WITH(parse_dpkg_status("Package: a\nthis is not a field\n", "st"),
                      "st:2: damaged: not a \"Field: value\" line");
    try {
        parse_dpkg_status("Package: a\nStatus: install ok installed\nArchitecture: all\n\nbroken\n", "st");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.subject() == "st:5");
    }
    CHECK_THROWS_WITH(parse_dpkg_status(" continued\n", "st"),
                      "st:1: damaged: a continuation line with no field above it");
    CHECK_THROWS_WITH(parse_dpkg_status("Status: install ok installed\n", "st"),
                      "st:1: damaged: a paragraph with no Package field");
    CHECK_THROWS_WITH(parse_dpkg_status("Package: a\nStatus: install ok installed\nArchitecture: all\n", "st"),
                      "st:1: damaged: installed package a has no Version");
    CHECK_THROWS_WITH(parse_dpkg_status(std::string("Package: a\0\n", 12), "st"), "st: damaged: holds a NUL byte");
}

TEST_CASE("purl: version percent-encoded, distro from os-release") {
    DebPackage p;
    p.name = "bsdutils";
    p.version = "1:2.38.1-5+b1";
    p.arch = "amd64";
    OsRelease os{"debian", "12", "bookworm", "Debian GNU/Linux"};
    CHECK(deb_purl(p, os) == "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?arch=amd64&distro=debian-12");
    os.version_id.clear();
    CHECK(deb_purl(p, os) == "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?arch=amd64&distro=debian-bookworm");
    os.codename.clear();
    CHECK(deb_purl(p, os) == "pkg:deb/debian/bsdutils@1%3A2.38.1-5%2Bb1?arch=amd64");
    CHECK(purl_encode("a~b_c.d-e f/g") == "a~b_c.d-e%20f%2Fg");
}

TEST_CASE("copyright: DEP-5 License fields, else common-licenses references") {
    CHECK(copyright_licenses("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
                             "\nFiles: *\nLicense: GPL-2+\n This is free.\n .\n License: fake\n"
                             "\nFiles: x\nLicense: BSD-3-clause\n\nLicense: GPL-2+\n") ==
          std::vector<std::string>{"BSD-3-clause", "GPL-2+"});
    CHECK(copyright_licenses("See /usr/share/common-licenses/GPL-2 and\n"
                             "/usr/share/common-licenses/LGPL-2.1. Or /usr/share/common-licenses/ .\n") ==
          std::vector<std::string>{"GPL-2", "LGPL-2.1"});
    CHECK(copyright_licenses("All rights reserved.\nLicense: whatever\n").empty());
}

TEST_CASE("resolve_dirs: dpkg's /bin/ls is ./usr/bin/ls in a merged /usr") {
    std::map<std::string, std::string> links = {
        {"./bin", "usr/bin"}, {"./lib64", "/usr/lib64"}, {"./usr/lib64/up", "../lib"}, {"./loop", "loop"}};
    CHECK(resolve_dirs("/bin/ls", links) == "./usr/bin/ls");
    CHECK(resolve_dirs("/lib64/ld.so", links) == "./usr/lib64/ld.so");
    CHECK(resolve_dirs("/lib64/up/x", links) == "./usr/lib/x");
    CHECK(resolve_dirs("/usr/bin/cat", links) == "./usr/bin/cat");
    CHECK(resolve_dirs("/bin", links) == "./bin");  // the last component is not followed
    CHECK(resolve_dirs("/loop/x", links) == "./loop/x");  // gives up after 40 hops
    CHECK(resolve_dirs("/", links) == ".");
}

TEST_CASE("name_uuid: RFC 9562 version 5, as Python's uuid.uuid5 computes it") {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('3b6f2d1e-9a47-4c52-8e21-5d70c419a60b'), 'sbom sha256:abc'))"
    CHECK(name_uuid("sbom sha256:abc") == "03071151-7a1c-5482-9f1a-0415def01d15");
}

TEST_CASE("list_key: the order of lines does not matter, every field does") {
    ListEntry a{"./a", {0100644, 0, 0, "00"}}, b{"./b", {040755, 0, 0, "0"}};
    CHECK(list_key({a, b}) == list_key({b, a}));
    ListEntry a2 = a;
    a2.id.uid = 1;
    CHECK(list_key({a2, b}) != list_key({a, b}));
    a2 = a;
    a2.id.digest = "01";
    CHECK(list_key({a2, b}) != list_key({a, b}));
}
