# 10-hash.sh — sha256 and fileids against sha256sum, openssl and xargs.
mkdir -p "$W/large" "$W/small"
i=0
while [ $i -lt 64 ]; do
	head -c 16777216 /dev/urandom >"$W/large/f$i"
	i=$((i + 1))
done
cat "$W"/large/f* >"$W/1g"
small_tree "$W/small"
# the 2 GiB just written is not still being written back while we measure
sync
small_mb=$(du -sm "$W/small" | cut -f1)

row "sha256 1 GiB vs sha256sum" 1024 "sha256 $W/1g" "sha256sum $W/1g"
row "sha256 1 GiB vs openssl dgst -sha256" 1024 "sha256 $W/1g" "openssl dgst -sha256 $W/1g" 0.9

ncpu=$(nproc)
row "fileids 64x16 MiB vs find|xargs -0 sha256sum" 1024 \
	"cd $W/large && find . | sort | fileids" \
	"cd $W/large && find . -type f -print0 | xargs -0 sha256sum" 4
row "fileids 20,000 small files vs find|xargs -0 sha256sum" "$small_mb" \
	"cd $W/small && find . | sort | fileids" \
	"cd $W/small && find . -type f -print0 | xargs -0 sha256sum" 4
# the parallel target: fileids on large files reaches 80% of CPUs x openssl's one-core rate
row "fileids 64x16 MiB vs openssl one core x $ncpu CPUs" 1024 \
	"cd $W/large && find . | sort | fileids" \
	"openssl dgst -sha256 $W/1g >/dev/null; true" "$(awk -v n="$ncpu" 'BEGIN { print 0.8 * n }')"
rm -rf "$W/large" "$W/small" "$W/1g"
