# default.list.do — the .list of what layer NAME adds: every path of the NAME
# directory with its mode, owner and content digest, minus the lines its
# diffbase (the layer below, named in NAME.diffbase) already has.
redo-ifchange "$2.fs"
export LC_ALL=C
if [ -e "$2.diffbase" ]; then
	redo-ifchange "$2.diffbase"
	read -r base <"$2.diffbase"
	redo-ifchange "$base.list"
	baselist=$base.list
else
	redo-ifcreate "$2.diffbase"
	baselist=/dev/null
fi
# sorted again as whole lines: a name holding a byte below space sorts
# differently from its line
(cd "$2" && find .) | fileids -C "$2" -f "$2.fakeroot" | sort | comm -13 "$baselist" - >"$3"
# an unchanged list need not rebuild its layer (redos without redo-stamp
# simply rebuild it)
if command -v redo-stamp >/dev/null; then redo-stamp <"$3"; fi
