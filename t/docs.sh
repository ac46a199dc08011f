#!/bin/sh
# t/docs.sh — every command has a man page and a test file, and the man
# page's SYNOPSIS says what --help says.
TOP=${TOP:?}
. "$TOP/t/lib.sh"
_suite=docs

synopsis_of_man() {
	groff -mandoc -Tutf8 -rLL=400n "$1" 2>/dev/null | col -bx |
		sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed '1d;$d' | sed 's/^ *//;/^$/d'
}

synopsis_of_help() {
	"$1" --help | sed -n '1,/^$/p' | sed 's/^usage: //;s/^ *//;/^$/d'
}

rb="$TOP/$B/redobox"
for name in $("$rb" --list) redobox; do
	page="$TOP/man/$name.1"
	if [ ! -f "$page" ]; then
		fail "$name has a man page" "missing man/$name.1"
		continue
	fi
	pass "$name has a man page"
	if [ "$name" != redobox ]; then
		if [ -f "$TOP/t/cmd/$name.t" ]; then
			pass "$name has a test file"
		else
			fail "$name has a test file" "missing t/cmd/$name.t"
		fi
	fi
	synopsis_of_man "$page" >"$T/man.syn"
	if [ "$name" = redobox ]; then
		synopsis_of_help "$rb" >"$T/help.syn"
	else
		synopsis_of_help "$name" >"$T/help.syn"
	fi
	if [ -s "$T/man.syn" ] && cmp -s "$T/man.syn" "$T/help.syn"; then
		pass "$name: man SYNOPSIS equals --help"
	else
		fail "$name: man SYNOPSIS equals --help" "$(diff "$T/help.syn" "$T/man.syn")"
	fi
done
