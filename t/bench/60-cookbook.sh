# 60-cookbook.sh — the container cookbook under redobox's redo: a clean
# build of `libs.runlocal simple.image.gz` (the hello compile included) and
# its null rebuild, against absolute targets (0.5 s and 20 ms); then the
# Debian image's layer, image and gz steps, each against the tool the
# cookbook used for it. BENCH_DEBIAN=0 leaves out the Debian rows (they
# download and install Debian first, about a minute).

# abs_row WHAT 'COMMAND' LIMIT: the median of COMMAND against LIMIT seconds
abs_row() {
	: >"$W/.abs"
	sh -c "$2" >/dev/null 2>&1 || echo "bench: failed: $2" >&2
	i=0
	while [ $i -lt "$RUNS" ]; do
		run_ns "$2" >>"$W/.abs"
		i=$((i + 1))
	done
	awk -v what="$1" -v o="$(middle <"$W/.abs")" -v limit="$3" 'BEGIN {
		printf "%-58s %8.3fs %9s %7s %8s  %s < %g s\n", what, o, "-", "-", "-",
			(o < limit) ? "met" : "MISSED", limit
	}'
}

mkdir -p "$W/pristine"
(cd "$TOP" && git ls-files -z do | cpio -0pdm --quiet "$W/pristine")
CB=$W/cb/do/container
abs_row "cookbook: clean build of libs.runlocal simple.image.gz" \
	"rm -rf $W/cb && cp -R $W/pristine $W/cb && cd $CB && redo libs.runlocal simple.image.gz" 0.5
abs_row "cookbook: null rebuild of the same" \
	"cd $CB && redo-ifchange libs.runlocal simple.image.gz" 0.020

if [ "${BENCH_DEBIAN:-1}" != 0 ]; then
	if (cd "$CB" && redo-ifchange debian.image.gz) >"$W/debian.log" 2>&1; then
		mb=$(($(wc -c <"$CB/debootstrap.layer") / 1000000))
		# the cookbook made layers with cpio -Hustar under fakeroot, the image
		# with tar, and compressed with gzip --rsyncable
		row "debian: debootstrap.layer (redo) vs cpio -Hustar, fakeroot" "$mb" \
			"cd $CB && redo debootstrap.layer" \
			"cd $CB/debootstrap && sed 's/ [^ ]*\$//' ../debootstrap.list | fakeroot -i ../debootstrap.fakeroot cpio -o -Hustar >$W/cpio.layer"
		row "debian: debian.image (redo) vs tar -cf of the layers" "$mb" \
			"cd $CB && redo debian.image" \
			"cd $CB && tar -cf $W/tar.image debootstrap.layer debian.layer"
		row "debian: debian.image.gz (redo) vs gzip -6 --rsyncable" "$mb" \
			"cd $CB && redo debian.image.gz" \
			"gzip -6 --rsyncable <$CB/debian.image >$W/gzip.image.gz"
		abs_row "debian: null rebuild of debian.image.gz" \
			"cd $CB && redo-ifchange debian.image.gz" 0.020
	else
		echo "debian rows: the Debian image did not build: $(tail -n 3 "$W/debian.log" | tr '\n' ' ')"
	fi
fi
rm -rf "$W/cb" "$W/pristine"
