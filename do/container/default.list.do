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
(cd "$2" && find . | sort) | fileids -C "$2" -f "$2.fakeroot" | comm -13 "$baselist" - >"$3"
