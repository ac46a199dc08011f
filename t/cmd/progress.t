#!/bin/sh
# progress.t — fileids, mklayer, mkimage and gz draw a one-line progress
# display when stderr is a terminal (here a pseudo-terminal from script(1)),
# erase it at the end so an error starts on a clean line, and write nothing
# extra, and the same output, when stderr is not a terminal, when TERM is
# dumb, when their output is that terminal, or under redobox's redo.
# Each input pauses 1.5 s in the middle, so every run lasts past the 0.5 s
# before the line first appears; no test depends on how long anything takes.
. "$TOP/t/lib.sh"

if ! script -qfec true /dev/null </dev/null >/dev/null 2>&1; then
	skip "progress on a pseudo-terminal" "util-linux script does not run here"
	exit 0
fi
unset REDOBOX_RUN REDOBOX_PARENT
TERM=xterm
export TERM

# ontty OUT CMD: run CMD (sh) with a pseudo-terminal as its standard input,
# output and error; what the terminal showed goes to OUT; CMD's status.
cat >"$T/ontty" <<'SH'
out=$1
shift
exec script -qfec "$1" /dev/null </dev/null >"$out" 2>&1
SH
# drew NAME FILE: "drew" when the terminal transcript FILE holds at least one
# progress line of NAME (name, bytes, an optional percentage, a rate, each
# drawn as CR, the text, erase to end of line), and every line drawn is one.
cat >"$T/drew" <<'SH'
esc=$(printf '\033')
tr '\r' '\n' <"$2" | sed -n "s/${esc}\[K\$//p" | grep -v '^$' >.drawn
n=$(wc -l <.drawn)
good=$(grep -Ec "^$1: [0-9.]+ (B|KiB|MiB|GiB)(  [0-9]+%)?  [0-9.]+ (B|KiB|MiB|GiB)/s\$" .drawn)
if [ "$n" -gt 0 ] && [ "$good" -eq "$n" ]; then echo drew; else echo "drew $good good of $n:"; cat .drawn; fi
SH
# tidy FILE: "tidy" when FILE (a transcript) ends with the line erased
cat >"$T/tidy" <<'SH'
printf '\r\033[K' >.erase
if tail -c 4 "$1" | cmp -s - .erase; then echo tidy; else echo untidy; od -c "$1" | tail -n 3; fi
SH
PATH="$T:$PATH"
chmod +x "$T/ontty" "$T/drew" "$T/tidy"

# inputs: 4 MiB before the pause and 2 MiB after it; a tree of files, named
# in two parts; a layer of that tree
head -c 4194304 /dev/urandom >"$T/p1"
head -c 2097152 /dev/urandom >"$T/p2"
cat "$T/p1" "$T/p2" >"$T/p12"
mkdir "$T/tree"
cp "$T/p1" "$T/tree/one"
cp "$T/p2" "$T/tree/two"
echo small >"$T/tree/three"
printf './one\n./three\n' >"$T/n1"
printf './two\n' >"$T/n2"
mklayer -C "$T/tree" <"$T/n1" >"$T/layer.tar"

gz_cmd='(cat p1; sleep 1.5; cat p2) | gz'
testing "gz: a progress line on a terminal, the line erased at the end" \
	"ontty gz.tty '$gz_cmd >tty.gz'; echo \$?; drew gz gz.tty; tidy gz.tty" "0\ndrew\ntidy\n"
testing "gz: stderr to a file: nothing on it, the same output" \
	"$gz_cmd >file.gz 2>file.err; echo \$?; wc -c <file.err; cmp tty.gz file.gz && gzip -dc file.gz | cmp - p12 && echo same" \
	"0\n0\nsame\n"
testing "gz: TERM=dumb: nothing on the terminal" \
	"TERM=dumb ontty dumb.tty '$gz_cmd >dumb.gz'; echo \$?; wc -c <dumb.tty; cmp dumb.gz file.gz && echo same" \
	"0\n0\nsame\n"
testing "gz: in a .do under redobox's redo: nothing on the terminal" \
	"REDOBOX_RUN=r REDOBOX_PARENT=x.do ontty redo.tty '$gz_cmd >redo.gz'; echo \$?; wc -c <redo.tty" "0\n0\n"

# gz -d fails after the pause: the message starts where the line was erased
testing "gz -d: an error after the line was drawn starts on a clean line" \
	"gz <p1 >p1.gz; ontty err.tty '(cat p1.gz; sleep 1.5; echo junk) | gz -d >/dev/null'; echo \$?
	 drew gz err.tty; tr '\r' '\n' <err.tty | grep -c \"^\$(printf '\033')\[Kgz: standard input: trailing garbage after gzip data\$\"" \
	"1\ndrew\n1\n"

ids_cmd='(cat n1; sleep 1.5; cat n2) | fileids -C tree'
testing "fileids: a progress line on a terminal, erased" \
	"ontty ids.tty '$ids_cmd >tty.list'; echo \$?; drew fileids ids.tty; tidy ids.tty" "0\ndrew\ntidy\n"
testing "fileids: stderr to a file: nothing on it, the same list" \
	"$ids_cmd >file.list 2>file.err; echo \$?; wc -c <file.err; cmp tty.list file.list && cat file.list | cut -d' ' -f1" \
	"0\n0\n./one\n./three\n./two\n"
testing "fileids: the list to the terminal: no progress line in it" \
	"ontty list.tty '$ids_cmd'; tr -d '\r' <list.tty | cmp - file.list && echo same" "same\n"

layer_cmd='(cat n1; sleep 1.5; cat n2) | mklayer -C tree'
testing "mklayer: a progress line on a terminal, erased" \
	"ontty layer.tty '$layer_cmd >tty.tar'; echo \$?; drew mklayer layer.tty; tidy layer.tty" "0\ndrew\ntidy\n"
testing "mklayer: stderr to a file: nothing on it, the same tar" \
	"$layer_cmd >file.tar 2>file.err; echo \$?; wc -c <file.err; cmp tty.tar file.tar && tar -tf file.tar" \
	"0\n0\n./one\n./three\n./two\n"

# mkimage reads its template from the pausing pipe; the ID it prints on the
# terminal comes after the line is erased
image_cmd='(sleep 1.5; echo {}) | mkimage -c - -o IMG layer.tar'
testing "mkimage: a progress line on a terminal, erased before the ID" \
	"ontty image.tty '$(echo "$image_cmd" | sed s/IMG/tty.img/)'; echo \$?; drew mkimage image.tty
	 tr '\r' '\n' <image.tty | grep -c \"^\$(printf '\033')\[Ksha256:[0-9a-f]\{64\}\$\"" \
	"0\ndrew\n1\n"
testing "mkimage: stderr to a file: nothing on it, the same archive and ID" \
	"$(echo "$image_cmd" | sed s/IMG/file.img/) >file.id 2>file.err; echo \$?; wc -c <file.err
	 cmp tty.img file.img && tr -d '\r' <image.tty | grep -F -f file.id | wc -l" \
	"0\n0\n1\n"
