# simple.fs.do — the smallest container: /bin/hello, /bin/sh, a static
# busybox when there is one, and /init -> bin/hello. Builds the directory
# "simple" as a side effect and writes its listing to $3.
exec >&2
redo-ifchange ../hello/hello
dir=simple
# build beside and rename, so nobody ever sees a half-made tree
rm -rf "$dir.new"
mkdir -p "$dir.new/bin"
cp ../hello/hello "$dir.new/bin/hello"
cp -L /bin/sh "$dir.new/bin/sh"
if [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; then
	cp /bin/busybox "$dir.new/bin/busybox"
fi
ln -s bin/hello "$dir.new/init"
rm -rf "$dir"
mv "$dir.new" "$dir"
(cd "$dir" && find . | LC_ALL=C sort) >"$3"
# out of date while a half-made tree is left (see debian.fs.do)
redo-ifcreate "$dir.new"
