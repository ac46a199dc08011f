# default.layer.do — the layer tar of NAME.list: the files it names, with
# owners from NAME's fakeroot state, and whiteouts for paths its diffbase has
# that are gone from NAME.
redo-ifchange "$2.list"
if [ -e "$2.diffbase" ]; then
	read -r base <"$2.diffbase"
	mklayer -C "$2" -f "$2.fakeroot" --whiteouts "$base.list" <"$2.list" >"$3"
else
	mklayer -C "$2" -f "$2.fakeroot" <"$2.list" >"$3"
fi
