# 40-mkimage.sh — mkimage on a ~120 MB two-layer set vs tar -cf of the same
# layer files: the floor, since an image archive is those bytes plus a few KB.
mkdir -p "$W/img"
# base layer: files of /usr/lib in name order, cut at ~110 MB; top: ~10 MB more
find /usr/lib -type f -size -20M 2>/dev/null | LC_ALL=C sort |
	awk -v max=$((110 * 1024 * 1024)) '{ cmd = "stat -c %s \"" $0 "\""; cmd | getline s; close(cmd); if (t + s > max) exit; t += s; print }' \
	>"$W/img/base.files"
find /usr/share -type f -size -2M 2>/dev/null | LC_ALL=C sort |
	awk -v max=$((10 * 1024 * 1024)) '{ cmd = "stat -c %s \"" $0 "\""; cmd | getline s; close(cmd); if (t + s > max) exit; t += s; print }' \
	>"$W/img/top.files"
for l in base top; do
	tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 --format=posix \
		--pax-option=delete=atime,delete=ctime -cf "$W/img/$l.tar" -T "$W/img/$l.files" 2>/dev/null
done
img_mb=$(du -cm "$W/img/base.tar" "$W/img/top.tar" | tail -n 1 | cut -f1)

# each run writes a new file, as a build does (overwriting one makes both
# commands wait for the old file's blocks, which hides the difference); the
# layers are unchanged from run to run, so mkimage finds their digests in its
# cache (a layer rebuilt is hashed again: the --no-cache row)
row "mkimage 2 layers (${img_mb} MB) vs tar -cf of the layer files" "$img_mb" \
	"rm -f $W/img/out.tar && mkimage -t bench -o $W/img/out.tar $W/img/base.tar $W/img/top.tar" \
	"rm -f $W/img/ref.tar && tar -cf $W/img/ref.tar -C $W/img base.tar top.tar" 1
# the same without the digest cache: every layer checked and hashed (the
# first build of a layer), so at best the time of hashing the biggest one
row "mkimage --no-cache 2 layers (${img_mb} MB) vs tar -cf, the same" "$img_mb" \
	"rm -f $W/img/out.tar && mkimage --no-cache -t bench -o $W/img/out.tar $W/img/base.tar $W/img/top.tar" \
	"rm -f $W/img/ref.tar && tar -cf $W/img/ref.tar -C $W/img base.tar top.tar"
row "mkimage --gzip 2 layers (${img_mb} MB) vs pigz -6 of the layer files" "$img_mb" \
	"rm -f $W/img/out.tar && mkimage --gzip -t bench -o $W/img/out.tar $W/img/base.tar $W/img/top.tar" \
	"rm -f $W/img/*.gz && pigz -6 -c $W/img/base.tar >$W/img/base.gz && pigz -6 -c $W/img/top.tar >$W/img/top.gz"
# zstd against gzip on the same layers: the time of each (the ratio), then the sizes
row "mkimage --zstd vs mkimage --gzip, 2 layers (${img_mb} MB)" "$img_mb" \
	"rm -f $W/img/z.tar && mkimage --zstd -t bench -o $W/img/z.tar $W/img/base.tar $W/img/top.tar" \
	"rm -f $W/img/g.tar && mkimage --gzip -t bench -o $W/img/g.tar $W/img/base.tar $W/img/top.tar"
printf '%-58s %8.1fM %8.1fM %6.3fx\n' "  archive size: --zstd vs --gzip" \
	"$(stat -c %s "$W/img/z.tar" | awk '{ print $1 / 1048576 }')" \
	"$(stat -c %s "$W/img/g.tar" | awk '{ print $1 / 1048576 }')" \
	"$(stat -c '%s' "$W/img/z.tar" "$W/img/g.tar" | paste -sd' ' | awk '{ print $1 / $2 }')"
rm -rf "$W/img"
