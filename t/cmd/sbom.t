#!/bin/sh
# sbom.t — an SBOM of a two-layer image with a small dpkg database: packages
# as dpkg-query lists them, file hashes as sha256sum gives them from the
# extracted layers, ownership through a merged /usr, reproducible bytes,
# every error, and a non-root run. Validation against CycloneDX's schema and
# the scorecards is in t/do/sbom.t (it installs cdxgen once).
. "$TOP/t/lib.sh"

# base: a merged-/usr tree with a dpkg database; top: base plus an app
mkdir -p base/usr/bin base/usr/lib base/etc base/var/lib/dpkg/info base/usr/share/doc/hello
ln -s usr/bin base/bin
printf '#!/bin/sh\necho hello\n' >base/usr/bin/hello
echo lib >base/usr/lib/libfoo.so.1
ln base/usr/lib/libfoo.so.1 base/usr/lib/libfoo-link.so.1
echo su >base/usr/bin/su
chmod 4755 base/usr/bin/su base/usr/bin/hello
echo conf >'base/etc/un owned.conf'
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' >base/etc/os-release
cat >base/var/lib/dpkg/status <<'EOF'
Package: hello
Status: install ok installed
Maintainer: Jane Doe <jane@example.org>
Architecture: amd64
Version: 2.10-3
Description: the classic greeting
 It says hello.

Package: gone
Status: deinstall ok config-files
Architecture: all
Version: 1.0

Package: libfoo
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: foo (2.0)
Version: 1:2.0+b1
Description: the foo library
EOF
printf '/.\n/bin\n/bin/hello\n/usr/bin/su\n' >base/var/lib/dpkg/info/hello.list
printf '/.\n/usr/lib/libfoo.so.1\n/usr/lib/libfoo-link.so.1\n' >'base/var/lib/dpkg/info/libfoo:amd64.list'
printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-3+\n' \
	>base/usr/share/doc/hello/copyright
cp -a base top
mkdir top/app
echo app >top/app/run
(cd base && find . | sort | fileids) >base.list
(cd top && find . | sort | fileids) | comm -13 base.list - >top.list
mklayer -C base <base.list >base.layer
mklayer -C top <top.list >top.layer
mkimage -t test/sbom:1 -o img.tar base.layer top.layer >/dev/null
mkimage -t test/sbom:1 --gzip -o gzimg.tar base.layer top.layer >/dev/null
cp -a top bad
printf 'Package: hello\nthis line is damage\n' >bad/var/lib/dpkg/status
sed 's/-[0-9a-f]*$/-0000000000000000000000000000000000000000000000000000000000000000/' top.list >other.list
run='sbom -C top --supplier "Example Ltd" --contact security@example.org'

check "writes an SBOM" "$run -o out.json img.tar base.list top.list"
testing "CycloneDX 1.6, the image as its metadata component" \
	"jq -r '.bomFormat, .specVersion, .metadata.component.type, .metadata.component.name, .metadata.component.version, .metadata.timestamp' out.json" \
	"CycloneDX\n1.6\ncontainer\ntest/sbom\n1\n1970-01-01T00:00:00Z\n"
testing "the image ID is the config's digest" \
	"jq -r '.metadata.component.properties[] | select(.name == \"oci:image:id\") | .value' out.json | sed 's/^sha256://' >id; tar -xOf img.tar \"blobs/sha256/\$(cat id)\" | sha256sum | cut -c1-64 | cmp - id && echo same" \
	"same\n"
dpkg-query -W --admindir=top/var/lib/dpkg -f '${db:Status-Abbrev}${Package} ${Version} ${Architecture}\n' 2>/dev/null |
	sed -n 's/^ii *//p' | sort >pkgs.want
testing "the packages are those dpkg-query lists as installed" \
	"jq -r '.components[] | select(.type == \"library\") | \"\(.name) \(.version) \(.properties[] | select(.name == \"deb:architecture\") | .value)\"' out.json | sort | diff pkgs.want - && echo same" \
	"same\n"
testing "purls: the version percent-encoded, the distro from os-release" \
	"jq -r '.components[] | select(.type == \"library\") | .purl' out.json" \
	"pkg:deb/debian/hello@2.10-3?arch=amd64&distro=debian-12\npkg:deb/debian/libfoo@1%3A2.0%2Bb1?arch=amd64&distro=debian-12\n"
testing "source package, maintainer, licenses (DEP-5, else NOASSERTION)" \
	"jq -c '.components[] | select(.type == \"library\") | [.publisher, ([.properties[] | .value] | join(\" \")), [.licenses[].license.name]]' out.json" \
	'["Jane Doe <jane@example.org>","amd64 hello 2.10-3",["GPL-3+"]]\n[null,"amd64 foo 2.0",["NOASSERTION"]]\n'

# every file's hash as sha256sum gives it, from the layers extracted with tar
mkdir x1 x2
tar -xOf img.tar "$(tar -xOf img.tar manifest.json | jq -r '.[0].Layers[0]')" | tar -xf - -C x1
tar -xOf img.tar "$(tar -xOf img.tar manifest.json | jq -r '.[0].Layers[1]')" | tar -xf - -C x2
(cd x1 && find . -type f | sort | xargs -d '\n' sha256sum | sed 's,^\([0-9a-f]*\)  \.,file:1:\1 ,') >hashes.want
(cd x2 && find . -type f | sort | xargs -d '\n' sha256sum | sed 's,^\([0-9a-f]*\)  \.,file:2:\1 ,') >>hashes.want
testing "every file's SHA-256 is sha256sum's of it in its layer" \
	"jq -r '.components[] | select(.type == \"file\") | \"\(.[\"bom-ref\"] | sub(\":/.*\"; \":\"))\(.hashes[0].content) \(.name)\"' out.json | sort | diff - \$(sort hashes.want >h.sorted; echo h.sorted) && echo same" \
	"same\n"
files=$( (tar -tvf base.layer; tar -tvf top.layer) | grep -c '^[-h]')
testing "the file count is the layers' regular files (hard links too)" \
	"jq '[.components[] | select(.type == \"file\")] | length' out.json" "$files\n"
testing "dpkg's /bin/hello is /usr/bin/hello; a hard link and a setuid file are owned too" \
	"jq -c '.dependencies[] | select(.ref | startswith(\"deb:\"))' out.json" \
	'{"dependsOn":["file:1:/usr/bin/hello","file:1:/usr/bin/su"],"ref":"deb:hello:amd64"}\n{"dependsOn":["file:1:/usr/lib/libfoo-link.so.1","file:1:/usr/lib/libfoo.so.1"],"ref":"deb:libfoo:amd64"}\n'
testing "the image depends on the packages and the files no package owns" \
	"jq -r '.dependencies[0].dependsOn[]' out.json | grep -v -e '/var/lib/dpkg/' -e '/usr/share/doc/'" \
	"deb:hello:amd64\ndeb:libfoo:amd64\nfile:1:/etc/os-release\nfile:1:/etc/un owned.conf\nfile:2:/app/run\n"
testing "supplier and security contact from the options" \
	"jq -c '.metadata.supplier, .metadata.component.externalReferences' out.json" \
	'{"contact":[{"email":"security@example.org"}],"name":"Example Ltd"}\n[{"type":"security-contact","url":"mailto:security@example.org"}]\n'
testing "a security contact given as a URL: a reference, not an e-mail contact" \
	"sbom --manufacturer 'Example Ltd' --url https://example.org --contact https://example.org/security img.tar base.list top.list | jq -c '.metadata.manufacturer, .metadata.supplier, .metadata.component.externalReferences'" \
	'{"name":"Example Ltd","url":["https://example.org"]}\nnull\n[{"type":"security-contact","url":"https://example.org/security"}]\n'
testing "the same bytes twice, and with the lists in the other order" \
	"$run img.tar top.list base.list | cmp - out.json && $run img.tar base.list top.list | cmp - out.json && echo same" \
	"same\n"
testing "gzip layers give the same components" \
	"$run gzimg.tar base.list top.list | jq -c .components | cmp - \$(jq -c .components out.json >c.json; echo c.json) && echo same" \
	"same\n"
testing "SOURCE_DATE_EPOCH sets the timestamp, not the serial number" \
	"SOURCE_DATE_EPOCH=86400 $run img.tar base.list top.list >e.json; jq -r .metadata.timestamp e.json; jq -r .serialNumber e.json out.json | uniq | wc -l" \
	"1970-01-02T00:00:00Z\n1\n"
testing "the serial number is a version-5 UUID of the image (ID and manifest)" \
	"jq -r .serialNumber out.json | grep -c '^urn:uuid:[0-9a-f]\{8\}-[0-9a-f]\{4\}-5[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}\$'; $run gzimg.tar base.list top.list | jq -r .serialNumber | grep -c \"\$(jq -r .serialNumber out.json)\"" \
	"1\n0\n"
mkdir -p abs/usr/lib abs/etc
cp -a top/var abs/
printf 'ID=tree\nVERSION_ID=7\n' >abs/usr/lib/os-release
ln -s /usr/lib/os-release abs/etc/os-release
testing "an absolute symlink in the tree is followed inside it" \
	"sbom -C abs img.tar base.list top.list | jq -r '.components[0].purl'" \
	"pkg:deb/tree/hello@2.10-3?arch=amd64&distro=tree-7\n"
testing "without -C: files only" \
	"sbom img.tar base.list top.list | jq '[.components[] | .type] | unique'" \
	'[\n  "file"\n]\n'

# errors: one line, exit 1, no output file
noout='; echo $?; ls -A | grep -c "^o\.json"'
testing "a .list of another image" \
	"sbom -o o.json img.tar base.list other.list 2>&1 $noout" \
	"sbom: other.list: does not belong to the image: no layer of img.tar holds exactly these files\n1\n0\n"
testing "a layer without its .list" \
	"sbom -o o.json img.tar base.list 2>err $noout; sed 's/sha256:[0-9a-f]*/ID/' err" \
	"1\n0\nsbom: img.tar: layer 2 (ID) has no .list among the arguments\n"
testing "a damaged dpkg status" \
	"sbom -C bad -o o.json img.tar base.list top.list 2>&1 $noout" \
	"sbom: bad/var/lib/dpkg/status:2: damaged: not a \"Field: value\" line\n1\n0\n"
testing "a layer tar is not an image" \
	"sbom -o o.json base.layer base.list 2>&1 $noout" \
	"sbom: base.layer: not an image archive: no manifest.json\n1\n0\n"
testing "a text file is not an image" \
	"sbom -o o.json base.list base.list 2>&1 $noout" \
	"sbom: base.list: not an image archive: Unrecognized archive format\n1\n0\n"
testing "a missing image" \
	"sbom -o o.json none.tar base.list 2>&1 $noout" \
	"sbom: none.tar: No such file or directory\n1\n0\n"
testing "a line that is not a .list line" \
	"echo garbage >g.list; sbom -o o.json img.tar g.list 2>&1 $noout" \
	"sbom: g.list:1: not a .list line (NAME MODE-UID-GID-DIGEST)\n1\n0\n"
testing "standard output on /dev/full" \
	"sbom img.tar base.list top.list >/dev/full 2>&1; echo \$?" "1\n"
testing "usage: an image and its lists are needed" "sbom img.tar 2>&1 | head -n 1; sbom img.tar >/dev/null 2>&1; echo \$?" \
	"sbom: missing operand\n2\n"
testing "usage: the image cannot be standard input" "sbom - base.list <img.tar 2>&1 | head -n 1" \
	"sbom: IMAGE must be a file: it is read twice\n"
testing "usage: --url needs a supplier or manufacturer" "sbom --url https://example.org img.tar base.list top.list 2>&1 | head -n 1" \
	"sbom: --url needs --supplier or --manufacturer\n"

# the same SBOM from a non-root user
if ! throwaway_user; then
	skip "a non-root run gives the same bytes" "needs root to add a throwaway user"
	exit 0
fi
cp -a top img.tar base.list top.list "$U/"
chmod -R a+rX "$U"
testing "a non-root run gives the same bytes" \
	"cd $U && runuser -u $user -- env PATH='$PATH' $run img.tar base.list top.list | cmp - $T/out.json && echo same" \
	"same\n"
