# 50-redo.sh — redo's up-to-date checks: a null build of 1,000 targets that
# each depend on 3 sources, and the cost of one redo-ifchange call, against
# make -r (no built-in rules to search) on an equivalent Makefile; and a
# full build under -j 2.
R="$W/redo-tree" M="$W/make-tree"
mkdir -p "$R" "$M"
i=0
while [ $i -lt 1000 ]; do
	for d in "$R" "$M"; do
		echo "a$i" >"$d/t$i.a"
		echo "b$i" >"$d/t$i.b"
		echo "c$i" >"$d/t$i.c"
	done
	i=$((i + 1))
done
cat >"$R/default.out.do" <<'EOF2'
redo-ifchange "$2.a" "$2.b" "$2.c"
cat "$2.a" "$2.b" "$2.c" >"$3"
EOF2
echo 'i=0; while [ $i -lt 1000 ]; do echo t$i.out; i=$((i + 1)); done | xargs redo-ifchange' \
	>"$R/all.do"
{
	printf 'all:'
	i=0
	while [ $i -lt 1000 ]; do printf ' t%d.out' $i; i=$((i + 1)); done
	printf '\n%%.out: %%.a %%.b %%.c\n\tcat $^ >$@\n'
} >"$M/Makefile"
# one call per target, as a .do would make them
loop='i=0; while [ $i -lt 1000 ]; do CMD t$i.out; i=$((i + 1)); done'
each_redo=$(echo "$loop" | sed 's/CMD/redo-ifchange/')
each_make=$(echo "$loop" | sed 's/CMD/make -r -s -q/')

# limit_row WHAT CALLS 'REDOBOX' 'REFERENCE' LIMIT: like row, but the
# target is an absolute time per call (LIMIT seconds, medians / CALLS)
limit_row() {
	ours=$(median "$3")
	ref=$(median "$4")
	awk -v what="$1" -v n="$2" -v o="$ours" -v r="$ref" -v limit="$5" 'BEGIN {
		per = o / n
		verdict = sprintf("%s: %.3f ms%s < %g ms", (per < limit) ? "met" : "MISSED", per * 1000,
			n > 1 ? "/call" : "", limit * 1000)
		printf "%-58s %8.3fs %8.3fs %6.2fx %8s  %s\n", what, o, r, (o > 0 ? r / o : 0), "-", verdict
	}'
}

(cd "$R" && redo -j2 all 2>/dev/null) && (cd "$M" && make -r -s -j2)
limit_row "null build, 1,000 targets x 3 sources: redo all vs make -r" 1 \
	"cd $R && redo all 2>/dev/null" "cd $M && make -r -s all" 0.100
limit_row "... one redo-ifchange of all 1,000 vs make -r -q" 1 \
	"cd $R && redo-ifchange all" "cd $M && make -r -s -q all" 0.100
limit_row "1,000 redo-ifchange calls vs make -r -q, one target each" 1000 \
	"cd $R && $each_redo" "cd $M && $each_make" 0.002
row "full build of the 1,000 targets, -j 2: redo vs make" 0 \
	"cd $R && rm -rf .redo t*.out && redo -j2 all 2>/dev/null" \
	"cd $M && rm -f t*.out && make -r -s -j2"
# The floor for any redo whose .do calls redo-ifchange: make itself, with
# one more program per target that does nothing at all (true(1) in the
# recipe, beside the cat). What redo does above this row is its own work.
F="$W/floor-tree"
cp -R "$M" "$F"
sed 's|^	cat |	/bin/true $^; cat |' "$M/Makefile" >"$F/Makefile"
row "... floor: make -j2, one more empty program a target" 0 \
	"cd $F && rm -f t*.out && make -r -s -j2" \
	"cd $M && rm -f t*.out && make -r -s -j2"
rm -rf "$R" "$M" "$F"
