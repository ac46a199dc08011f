# 30-gz.sh — gz against gzip --rsyncable and pigz --rsyncable on ~120 MB of /usr/lib.
tar -cf - -C /usr lib 2>/dev/null | head -c 125829120 >"$W/lib.tar"
ncpu=$(nproc)
mb=$(($(wc -c <"$W/lib.tar") / 1048576))

row "gz -6 vs gzip -6 --rsyncable ($ncpu threads vs 1)" "$mb" \
	"gz -6 -c $W/lib.tar" "gzip -6 --rsyncable -c $W/lib.tar"
row "gz -6 -p $ncpu vs pigz -6 --rsyncable -p $ncpu" "$mb" \
	"gz -6 -p $ncpu -c $W/lib.tar" "pigz -6 --rsyncable -p $ncpu -c $W/lib.tar" 2
row "gz -6 -p 1 vs pigz -6 --rsyncable -p 1" "$mb" \
	"gz -6 -p 1 -c $W/lib.tar" "pigz -6 --rsyncable -p 1 -c $W/lib.tar" 2
gz -6 -c "$W/lib.tar" >"$W/lib.tar.gz"
row "gz -d vs gzip -d" "$mb" "gz -dc $W/lib.tar.gz" "gzip -dc $W/lib.tar.gz"

# sizes: the target is no larger than gzip -6 --rsyncable
ours=$(gz -6 -c "$W/lib.tar" | wc -c)
plain=$(gz -6 --no-rsyncable -c "$W/lib.tar" | wc -c)
gzip_rs=$(gzip -6 --rsyncable -c "$W/lib.tar" | wc -c)
pigz_rs=$(pigz -6 --rsyncable -p "$ncpu" -c "$W/lib.tar" | wc -c)
awk -v o="$ours" -v n="$plain" -v g="$gzip_rs" -v p="$pigz_rs" 'BEGIN {
	printf "%-58s %9d %9d %6.4fx %8s  %s\n", "size: gz -6 vs gzip -6 --rsyncable (bytes)", o, g, o / g, "",
		(o <= g) ? "met <= 1.00x" : "MISSED <= 1.00x"
	printf "%-58s %9d %9d %6.4fx\n", "size: gz -6 vs pigz -6 --rsyncable (bytes)", o, p, o / p
	printf "%-58s %9d %9d %6.4fx\n", "size: gz -6 --no-rsyncable vs gzip -6 --rsyncable (bytes)", n, g, n / g
}'
rm -f "$W/lib.tar" "$W/lib.tar.gz"
