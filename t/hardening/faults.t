#!/bin/sh
# faults.t — a full disk, /dev/full, and SIGINT or SIGTERM in the middle of
# a run: one clear error (or death by the signal), and never an output file
# or a temporary left behind; a .do interrupted under redo leaves the old
# target, no lock held, and the next run succeeds.
. "$TOP/t/lib.sh"

export T TMPDIR="$T/tmp"
mkdir "$TMPDIR"
wrote="$TOP/t/hardening/wrote.sh"
root=no
[ "$(id -u)" = 0 ] && root=yes

# inputs whose outputs are all larger than 1 MiB (random bytes do not compress)
mkdir tree
head -c 3000000 /dev/urandom >tree/a
printf 'hi\n' >tree/b
printf './a\n./b\n' >names
mklayer -C tree -o big.tar <names
gz -o a.gz tree/a

# --- a full disk ------------------------------------------------------------
small=$T/small
if scratch_tmpfs "$small" 1m; then
	for c in "mklayer -C tree -o small/out <names" "mkcpio -C tree -o small/out <names" \
		"mkimage -o small/out big.tar" "gz -o small/out tree/a" "gz -d -o small/out a.gz"; do
		testing "a full disk: $c fails clearly, leaves nothing" \
			"sh '$wrote' '$c'" "${c%% *}: small/out: No space left on device\nexit 1\n"
	done
	testing "a full TMPDIR: mkimage --gzip fails clearly, leaves nothing" \
		"sh '$wrote' 'TMPDIR=small mkimage --gzip -o out.tar big.tar'" \
		"mkimage: temporary file for big.tar: No space left on device\nexit 1\n"
	testing "the full disk is empty again" "ls -A small; df --output=used small | tail -n 1 | tr -d ' '" "0\n"
else
	skip "a full disk (a 1 MiB tmpfs)" "mounting a tmpfs needs root"
fi

# --- /dev/full ---------------------------------------------------------------
for c in "fileids -C tree <names" "sha256 tree/a" "mklayer -C tree <names" "mkcpio -C tree <names" \
	"mkimage big.tar" "gz -c tree/a" "gz -dc a.gz"; do
	n=${c%% *}
	testing "standard output on /dev/full: $c fails clearly" \
		"sh '$wrote' '$c >/dev/full'" "$n: standard output: No space left on device\nexit 1\n"
done
for c in "mklayer -C tree -o /dev/full <names" "mkcpio -C tree -o /dev/full <names" \
	"mkimage -o /dev/full big.tar" "gz -o /dev/full tree/a" "gz -d -o /dev/full a.gz"; do
	n=${c%% *}
	testing "$c: fails clearly, writes into the device" \
		"sh '$wrote' '$c'; ls -A /dev | grep -c '^\.full\.tmp'; stat -c '%F %t,%T' /dev/full" \
		"$n: /dev/full: No space left on device\nexit 1\n0\ncharacter special file 1,7\n"
done
testing "-o /dev/null: the device stays a device" \
	"mklayer -C tree -o /dev/null <names && gz -o /dev/null tree/a && mkimage -o /dev/null big.tar >/dev/null &&
	 ls -A /dev | grep -c '^\.null\.tmp'; stat -c '%F %t,%T' /dev/null" \
	"0\ncharacter special file 1,3\n"

# --- SIGINT and SIGTERM in the middle -----------------------------------------
# signal.sh SIGNAL OUT COMMAND FEED: start COMMAND, which writes OUT, with
# its standard input from a FIFO held open here, so that it cannot finish;
# write FEED's output into the FIFO, wait (20 s at most) for OUT's
# temporary, send SIGNAL, and print the exit status, what COMMAND said, and
# every file left in the directory. A background job of a script ignores
# SIGINT: perl restores it first.
cat >signal.sh <<'EOF'
rm -f in.fifo
mkfifo in.fifo
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' sh -c "exec $3" <in.fifo 2>err &
pid=$!
exec 3>in.fifo
sh -c "$4" >&3
i=0
while ! ls -A | grep -q "^\.$2\.tmp" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
ls -A | grep -q "^\.$2\.tmp" || echo "no temporary within 20 s"
kill -"$1" $pid
wait $pid
echo "exit $?"
exec 3>&-
cat err
rm in.fifo err
ls -A
EOF
for sig in INT TERM; do
	case $sig in INT) status=130 ;; TERM) status=143 ;; esac
	for c in "mklayer -C ../tree -o out|cat ../names" "mkcpio -C ../tree -o out|cat ../names" \
		"gz -o out|cat ../tree/a" "gz -d -o out|head -c 500000 ../a.gz"; do
		cmd=${c%|*}
		testing "SIG$sig in the middle of $cmd: dies of it, no output, no temporary" \
			"mkdir s && cd s && timeout 60 sh ../signal.sh $sig out '$cmd' '${c#*|}'; cd .. && rmdir s" \
			"exit $status\n"
	done
done

# mkimage reads its layers before it starts the output, so a FIFO cannot
# hold it in the middle: strace delivers the signal at its second write
# into the temporary instead, while a layer's bytes are being copied. (The
# shell running it says "Terminated" when it dies of SIGTERM.)
if strace -qq -o /dev/null true 2>/dev/null; then
	for sig in INT TERM; do
		case $sig in INT) status=130 ;; TERM) status=143 ;; esac
		testing "SIG$sig in the middle of mkimage: dies of it, no output, no temporary" \
			"sh '$wrote' 'strace -f -qq -o /dev/null -e trace=write -e inject=write:signal=$sig:when=2 mkimage -o out.tar big.tar' | grep -vx Terminated" \
			"exit $status\n"
	done
else
	skip "SIGINT and SIGTERM in the middle of mkimage" "strace cannot trace here"
fi

# --- a .do interrupted under redo: t/redo/interrupt.t
