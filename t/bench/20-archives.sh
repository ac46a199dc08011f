# 20-archives.sh — mkcpio and mklayer against GNU cpio and GNU tar, on
# ~20,000 small files and on a few large ones. Every command writes its
# archive to a file (GNU tar skips reading files when it writes to /dev/null).
mkdir -p "$W/small" "$W/large"
small_tree "$W/small"
i=0
while [ $i -lt 4 ]; do
	head -c 134217728 /dev/urandom >"$W/large/f$i"
	i=$((i + 1))
done
(cd "$W/small" && find . | sort >"$W/small.names")
(cd "$W/large" && find . | sort >"$W/large.names")
small_mb=$(du -sm "$W/small" | cut -f1)
large_mb=$(du -sm "$W/large" | cut -f1)
out="$W/out"

for tree in small large; do
	if [ $tree = small ]; then what="20,000 small files" mb=$small_mb; else what="4x128 MiB" mb=$large_mb; fi
	names="$W/$tree.names"
	row "mkcpio $what vs cpio -o -Hnewc" "$mb" \
		"cd $W/$tree && mkcpio <$names >$out" \
		"cd $W/$tree && cpio -o -Hnewc --quiet <$names >$out" 1
	row "mklayer $what vs tar --sort=name --format=posix" "$mb" \
		"cd $W/$tree && mklayer <$names >$out" \
		"cd $W/$tree && tar --sort=name --format=posix -cf - . >$out" 1
	row "mklayer $what vs cpio -o -Hustar" "$mb" \
		"cd $W/$tree && mklayer <$names >$out" \
		"cd $W/$tree && cpio -o -Hustar --quiet <$names >$out" 1
done
rm -rf "$W/small" "$W/large" "$W/small.names" "$W/large.names" "$out"
