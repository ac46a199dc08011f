# default.sha256.do — the SHA-256 of any file, as one hex line.
redo-ifchange "$2"
sha256 "$2" >"$3"
