# mkimage-setup.sh — the layers and template that t/cmd/mkimage.t and
# t/cmd/mkimage-engines.t build their images from, sourced after t/lib.sh in
# the suite's scratch directory.
# Two layers of a tiny busybox system: the base has the shell and a greeting,
# the top layer replaces the greeting and adds /init, so what /init prints
# shows that both layers are there, in order.
mktar() {
	tar -C "$1" --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 --format=posix \
		--pax-option=delete=atime,delete=ctime -cf "$2" .
}
mkdir -p base/bin base/etc top/etc
cp /bin/busybox base/bin/busybox
ln -s busybox base/bin/sh
ln -s busybox base/bin/cat
echo base >base/etc/greeting
echo top >top/etc/greeting
printf '#!/bin/sh\necho "hello from /init, greeting $(cat /etc/greeting)"\n' >top/init
chmod 755 base base/bin base/etc top top/etc top/init
mktar base base.tar
mktar top top.tar
printf '{"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/init"], "Env": ["PATH=/bin"]}, "comment": "kept"}\n' >tmpl.json
hello='hello from /init, greeting top'
echo 'just text' >notes.txt
# for error tests: the status, then how many out.tar files (or temporaries) exist
noout='; echo $?; ls -A | grep -c out.tar'
# config_of ARCHIVE: the config blob that manifest.json names
printf '#!/bin/sh\ntar -xOf "$1" "$(tar -xOf "$1" manifest.json | jq -r ".[0].Config")"\n' >config_of
chmod 755 config_of

sha() { sha256sum "$1" | cut -d' ' -f1; }
b=$(sha base.tar)
t=$(sha top.tar)
bsize=$(stat -c %s base.tar)
tsize=$(stat -c %s top.tar)
