# libs.fs.do — the simple container plus the shared libraries its programs
# need (as ldd lists them), so it runs in a chroot. Builds "libs" as a side
# effect and writes its listing to $3.
exec >&2
redo-ifchange simple.fs
dir=libs
rm -rf "$dir.new"
cp -a simple "$dir.new"
for prog in "$dir.new"/bin/*; do
	# a static program has no libraries: ldd fails, which is fine
	ldd "$prog" 2>/dev/null || true
done |
	sed -n 's,.*=> \(/[^ ]*\) .*,\1,p; s,^[[:space:]]*\(/[^ ]*\) (.*,\1,p' |
	LC_ALL=C sort -u |
	while read -r lib; do
		mkdir -p "$dir.new${lib%/*}"
		cp -L "$lib" "$dir.new$lib"
	done
rm -rf "$dir"
mv "$dir.new" "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
# out of date while a half-made tree is left (see debian.fs.do)
redo-ifcreate "$dir.new"
