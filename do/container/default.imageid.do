# default.imageid.do — the ID an engine gives NAME.image once loaded
# (sha256: of its config), read from the archive's manifest.json.
redo-ifchange "$2.image"
tar -xOf "$2.image" manifest.json |
	sed -n 's,.*"Config":"blobs/sha256/\([0-9a-f]\{64\}\)".*,sha256:\1,p' >"$3"
test -s "$3"
