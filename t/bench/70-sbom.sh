# 70-sbom.sh — sbom on the cookbook's Debian image (its packages and every
# file hashed) vs cdxgen -t docker, the npm registry's CycloneDX generator,
# on the same archive named .tar (cdxgen will not open a file named .image).
# BENCH_DEBIAN=0 leaves the row out (it builds the Debian image first).
if [ "${BENCH_DEBIAN:-1}" != 0 ]; then
	. "$TOP/t/cdxgen.sh"
	mkdir -p "$W/sb"
	(cd "$TOP" && git ls-files -z do | cpio -0pdm --quiet "$W/sb")
	SB=$W/sb/do/container
	if ! cdxgen_install; then
		echo "sbom row: no cdxgen: $CDXGEN_WHY"
	elif ! (cd "$SB" && redo-ifchange debian.image debootstrap.list debian.list) >"$W/sb.log" 2>&1; then
		echo "sbom row: the Debian image did not build: $(tail -n 3 "$W/sb.log" | tr '\n' ' ')"
	else
		cp "$SB/debian.image" "$W/sb/debian.tar"
		mb=$(($(wc -c <"$SB/debian.image") / 1000000))
		row "sbom -C debian debian.image vs cdxgen -t docker (${mb} MB)" "$mb" \
			"cd $SB && sbom -C debian -o $W/sb/ours.json debian.image debootstrap.list debian.list" \
			"$CDXGEN_BIN/cdxgen -t docker -o $W/sb/ref.json $W/sb/debian.tar" 20
	fi
	rm -rf "$W/sb"
fi
