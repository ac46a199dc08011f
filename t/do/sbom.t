#!/bin/sh
# sbom.t — the cookbook's NAME.sbom targets: simple.sbom (its files) and
# debian.sbom (packages and files), checked with cdxgen's validator (schema,
# deep checks, and for Debian the SCVS level-1 and CRA scorecards), the
# packages against dpkg-query, the files against the image's layers.
. "$TOP/t/lib.sh"
. "$TOP/t/do/cookbook.sh"
. "$TOP/t/cdxgen.sh"
cd "$C"

validator=
if cdxgen_install; then
	validator=$CDXGEN_BIN/cdx-validate
else
	skip "validating SBOMs with cdxgen" "$CDXGEN_WHY"
fi
# validate SBOM: cdx-validate's JSON report of SBOM (a script: testing runs
# sh -c), through a file: node cuts output to a pipe short at exit
printf '#!/bin/sh\nrm -f "$1.report"\n"%s" -i "$1" -r json -o "$1.report" --strict -b scvs-l1,cra >/dev/null 2>&1\ncat "$1.report"\n' \
	"$validator" >"$T/bin/validate"
chmod +x "$T/bin/validate"
# high: the failing SCVS level-1 and CRA controls of high or critical severity
high='jq -r ".benchmarks[].controls[] | select(.status == \"fail\" and (.severity == \"high\" or .severity == \"critical\")) | .id"'

# regular files: the layers' regular files (hard links too), as tar lists them
regular() {
	tar -xOf "$1" manifest.json | jq -r '.[0].Layers[]' | while read -r l; do
		tar -xOf "$1" "$l" | tar -tvf - | grep -c '^[-h]'
	done | awk '{ n += $1 } END { print n }'
}

if redo simple.sbom >"$T/simple.log" 2>&1; then
	testing "simple.sbom: every regular file of simple.image" \
		"cd $C && jq '[.components[] | select(.type == \"file\")] | length' simple.sbom" "$(regular simple.image)\n"
	if [ -n "$validator" ]; then
		testing "simple.sbom: cdx-validate's schema and deep checks pass" \
			"cd $C && validate simple.sbom | jq -r '.schemaValid, .deepValid'" "true\ntrue\n"
	fi
else
	fail "simple.sbom builds" "$(tail -n 20 "$T/simple.log")"
fi

if [ -n "$NO_SLOW_TESTS" ]; then
	skip "debian.sbom" "NO_SLOW_TESTS is set (debootstrap takes minutes)"
	exit 0
fi
if ! need debootstrap fakeroot fakechroot >/dev/null 2>&1; then
	skip "debian.sbom" "$(need debootstrap fakeroot fakechroot 2>&1 | tr '\n' ' ')"
	exit 0
fi
SBOM_SUPPLIER="Example Ltd" SBOM_CONTACT=security@example.org
export SBOM_SUPPLIER SBOM_CONTACT
if ! redo debian.sbom >"$T/debian.log" 2>&1; then
	fail "debian.sbom builds" "$(tail -n 20 "$T/debian.log")"
	exit 0
fi
dpkg-query -W --admindir=debian/var/lib/dpkg -f '${db:Status-Abbrev}${Package} ${Version} ${Architecture}\n' |
	sed -n 's/^ii *//p' | sort >"$T/pkgs.want"
testing "debian.sbom: the packages dpkg-query lists, 70 to 150 of them" \
	"cd $C && jq -r '.components[] | select(.type == \"library\") | \"\(.name) \(.version) \(.properties[] | select(.name == \"deb:architecture\") | .value)\"' debian.sbom | sort | diff $T/pkgs.want - && wc -l <$T/pkgs.want | awk '{ print (\$1 >= 70 && \$1 <= 150) }'" \
	"1\n"
testing "debian.sbom: every regular file of debian.image" \
	"cd $C && jq '[.components[] | select(.type == \"file\")] | length' debian.sbom" "$(regular debian.image)\n"
# the hashes, against sha256sum of the files extracted from the image
mkdir -p "$T/x1" "$T/x2"
tar -xOf debian.image "$(tar -xOf debian.image manifest.json | jq -r '.[0].Layers[0]')" | tar -xf - -C "$T/x1" 2>/dev/null
tar -xOf debian.image "$(tar -xOf debian.image manifest.json | jq -r '.[0].Layers[1]')" | tar -xf - -C "$T/x2" 2>/dev/null
for n in 1 2; do
	(cd "$T/x$n" && find . -type f -print0 | xargs -0 sha256sum | sed "s,^\([0-9a-f]*\)  \.,file:$n:\1 ,")
done | sort >"$T/hashes.want"
testing "debian.sbom: every file's SHA-256 is sha256sum's of it in the image" \
	"cd $C && jq -r '.components[] | select(.type == \"file\") | \"\(.[\"bom-ref\"] | sub(\":/.*\"; \":\"))\(.hashes[0].content) \(.name)\"' debian.sbom | sort | diff $T/hashes.want - && echo same" \
	"same\n"
testing "debian.sbom: coreutils owns /usr/bin/ls, which dpkg lists as /bin/ls" \
	"cd $C && grep -cx /bin/ls debian/var/lib/dpkg/info/coreutils.list; jq -r '.dependencies[] | select(.ref == \"deb:coreutils:amd64\") | .dependsOn[]' debian.sbom | grep -c '^file:1:/usr/bin/ls\$'" \
	"1\n1\n"
testing "debian.sbom: the same bytes when made again" \
	"cd $C && cp debian.sbom $T/first.sbom && redo debian.sbom 2>/dev/null && cmp debian.sbom $T/first.sbom && echo same" \
	"same\n"
if [ -n "$validator" ]; then
	validate debian.sbom >"$T/report.json"
	testing "debian.sbom: cdx-validate's schema and deep checks pass" \
		"jq -r '.schemaValid, .deepValid' $T/report.json" "true\ntrue\n"
	testing "debian.sbom: no high-severity failure in the SCVS level-1 and CRA scorecards" \
		"$high $T/report.json; jq '[.benchmarks[].id] | sort | join(\" \")' $T/report.json" '"cra scvs-l1"\n'
	testing "without a supplier and a contact, CRA's supplier and contact controls fail" \
		"cd $C && sbom -C debian -o $T/bare.sbom debian.image debootstrap.list debian.list && validate $T/bare.sbom | $high" \
		"CRA-MIN-001\nCRA-MIN-002\n"
fi
