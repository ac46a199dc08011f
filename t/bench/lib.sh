# t/bench/lib.sh — timing helpers for the benchmark rows, sourced by t/bench/*.sh.
#
#   row WHAT MB 'REDOBOX COMMAND' 'REFERENCE COMMAND' [TARGET]
#
# runs each command $RUNS times (after one warm-up each), alternating the
# two so that a change in the machine's load hits both alike, and prints the medians,
# the ratio reference/redobox (above 1: redobox is faster) and redobox's MB/s.
# TARGET, when given, is a minimum ratio; the row says whether it is met.

: "${RUNS:=5}"

# median wall-clock seconds of sh -c "$1", run $RUNS times
median() {
	sh -c "$1" >/dev/null 2>&1 || { echo "bench: failed: $1" >&2; echo 0; return; }
	i=0
	while [ $i -lt "$RUNS" ]; do
		s=$(date +%s%N)
		sh -c "$1" >/dev/null 2>&1
		e=$(date +%s%N)
		echo $((e - s))
		i=$((i + 1))
	done | sort -n | awk '{ t[NR] = $1 } END { printf "%.4f\n", t[int((NR + 1) / 2)] / 1e9 }'
}

header() {
	printf '%-58s %9s %9s %7s %8s  %s\n' "what" "redobox" "reference" "ratio" "MB/s" "target"
}

# nanoseconds one run of sh -c "$1" takes
run_ns() {
	s=$(date +%s%N)
	sh -c "$1" >/dev/null 2>&1
	e=$(date +%s%N)
	echo $((e - s))
}

# the middle of the numbers on stdin, in seconds
middle() {
	sort -n | awk '{ t[NR] = $1 } END { printf "%.4f\n", t[int((NR + 1) / 2)] / 1e9 }'
}

row() {
	for c in "$3" "$4"; do
		sh -c "$c" >/dev/null 2>&1 || echo "bench: failed: $c" >&2
	done
	# no write-back of earlier inputs and outputs going on while we measure
	sync
	: >"$W/.ours"
	: >"$W/.ref"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run_ns "$3" >>"$W/.ours"
		run_ns "$4" >>"$W/.ref"
		i=$((i + 1))
	done
	ours=$(middle <"$W/.ours")
	ref=$(middle <"$W/.ref")
	awk -v what="$1" -v mb="$2" -v o="$ours" -v r="$ref" -v target="${5:-}" 'BEGIN {
		ratio = (o > 0) ? r / o : 0
		verdict = ""
		if (target != "") verdict = sprintf("%s >= %.2fx", (ratio >= target) ? "met" : "MISSED", target)
		printf "%-58s %8.3fs %8.3fs %6.2fx %8.0f  %s\n", what, o, r, ratio, (o > 0 ? mb / o : 0), verdict
	}'
}

# small_tree DIR: ~20,000 small files (1-8 KiB) in 1,000 nested directories
small_tree() {
	d=0
	while [ $d -lt 40 ]; do
		e=0
		while [ $e -lt 25 ]; do
			mkdir -p "$1/d$d/e$e"
			size=$(((d * 25 + e) % 8 * 1024 + 1024))
			head -c $((size * 20)) /dev/urandom | (cd "$1/d$d/e$e" && split -b $size - file)
			e=$((e + 1))
		done
		d=$((d + 1))
	done
}
