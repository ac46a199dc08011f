#!/bin/sh
# debian.t — the cookbook's Debian image (debootstrap under fakechroot and
# fakeroot, two layers) run in a chroot, in qemu and in dockerd, all printing
# the same package count; its bytes reproducible; all.do; and the chroot and
# Debian paths again as a throwaway unprivileged user.
. "$TOP/t/lib.sh"
. "$TOP/t/engines.sh"
. "$TOP/t/do/cookbook.sh"
engines_trap
cd "$C"

in_range() { [ "$1" -ge 70 ] 2>/dev/null && [ "$1" -le 150 ]; }
# untimed: interrupt's report without its timing (removing a Debian tree
# takes a while)
printf '#!/bin/sh\nsed "/^quick\\$/d; /^took [0-9]*s\\$/d"\n' >"$T/bin/untimed"
chmod +x "$T/bin/untimed"

if ! redo debdownload.fs >"$T/debian.log" 2>&1; then
	fail "debdownload.fs downloads" "$(tail -n 20 "$T/debian.log")"
	exit 0
fi
# --- interrupts during debootstrap, at two moments (unpacking; dpkg
# installing, with fakeroot's daemon busy): redo dies of the signal, and
# nothing is left, no tree, no state, no process, no temporary
testing "SIGTERM while debootstrap unpacks: nothing of the run is left" \
	"cd $C && interrupt TERM 'test -d debootstrap.new/usr/share/doc' debian.runlocal >$T/int.out; untimed <$T/int.out; temporaries; ls -d debootstrap* | grep -v '\\.do\$'" \
	"143\ndebootstrap.options\n"
testing "SIGINT while dpkg installs under fakeroot: nothing of the run is left" \
	"cd $C && interrupt INT 'test -e debootstrap.new/var/lib/dpkg/info/libc6:amd64.list' debian.runlocal >$T/int.out; untimed <$T/int.out; temporaries; ls -d debootstrap* | grep -v '\\.do\$'" \
	"130\ndebootstrap.options\n"

if ! redo debian.runlocal >"$T/debian.log" 2>&1; then
	fail "debian.runlocal builds" "$(tail -n 20 "$T/debian.log")"
	exit 0
fi
count=$(cat debian.runlocal)
if in_range "$count"; then
	pass "debian.runlocal: $count packages, 70 to 150"
else
	fail "debian.runlocal: 70 to 150 packages" "got: $count"
fi

# --- interrupts during debian.fs: the old tree, its state and its listing
# stay, and agree; debian.fs stays up to date
cp debian.fakeroot "$T/debian.fakeroot"
for sig in TERM:143:debian.new/usr INT:130:debian.new/var/lib/dpkg/status; do
	set -- $(echo "$sig" | tr : ' ')
	testing "SIG$1 while debian.fs copies the tree: the old tree and state stay, nothing left" \
		"cd $C && interrupt $1 'test -e $3' debian.fs >$T/int.out; untimed <$T/int.out; temporaries; cmp debian.fakeroot $T/debian.fakeroot && test -x debian/init && echo kept" \
		"$2\nkept\n"
	testing "and the next redo debian.runlocal prints the count, with nothing rebuilt before it" \
		"cd $C && rebuilt debian.runlocal && redo debian.runlocal 2>/dev/null && cat debian.runlocal" "$count\n"
done
# the moves at the end of debian.fs: while debian.new is there, or once
# debian.fakeroot changed, the listing is out of date
testing "a debian.new left behind makes debian.fs out of date" \
	"cd $C && mkdir debian.new && rebuilt debian.fs && temporaries" "debian.fs\n"
testing "a debian.fakeroot that debian.fs did not write makes it out of date" \
	"cd $C && cp debootstrap.fakeroot debian.fakeroot && rebuilt debian.fs && redo debian.runlocal 2>/dev/null && cat debian.runlocal" \
	"debian.fs\n$count\n"

testing "debian.runkvm prints the same count" \
	"cd $C && redo debian.runkvm 2>/dev/null && cat debian.runkvm" "$count\n"
testing "debian.layer is the app layer alone: /init" \
	"cd $C && redo debian.layer 2>/dev/null && tar -tvf debian.layer | awk '{ print \$2, \$6 }'" \
	"0/0 ./init\n"
testing "debootstrap.layer keeps the owners fakeroot recorded" \
	"cd $C && redo debootstrap.layer 2>/dev/null && tar -tvf debootstrap.layer | awk '\$6 == \"./etc/shadow\" || \$6 == \"./usr/bin/chage\" { print \$1, \$2, \$6 }'" \
	"-rw-r----- 0/42 ./etc/shadow\n-rwxr-sr-x 0/42 ./usr/bin/chage\n"
testing "debootstrap.layer holds device nodes made under fakeroot" \
	"cd $C && tar -tvf debootstrap.layer | awk '\$6 == \"./dev/null\" { print substr(\$1, 1, 1), \$3 }'" \
	"c 1,3\n"

if start_dockerd; then
	testing "debian.rundocker prints the same count" \
		"cd $C && DOCKER='$DOCKER' redo debian.rundocker 2>/dev/null && cat debian.rundocker" "$count\n"
	# no containerd for all.do here (its runctr rows are checked below), even
	# when the machine runs one: the count stays six runs and two SBOMs
	testing "all.do builds and checks all six runs and two SBOMs" \
		"cd $C && DOCKER='$DOCKER' CONTAINERD_ADDRESS=$T/no-containerd.sock redo all >$T/all.log 2>&1; echo \$?; grep -c ' ok\$' $T/all.log" "0\n8\n"
else
	skip "debian.rundocker and all.do" "$ENGINE_WHY"
fi

if start_containerd; then
	testing "debian.runctr prints the same count, from containerd" \
		"cd $C && redo debian.runctr 2>/dev/null && cat debian.runctr" "$count\n"
	testing "containerd holds the Debian image under its name and mkimage's manifest digest" \
		"$CTR images ls | awk 'NR > 1 { print \$1, \$3 }'" \
		"docker.io/redobox/debian:latest $(tar -xOf "$C/debian.image" index.json | jq -r '.manifests[0].digest')\n"
	stop_containerd
else
	skip "debian.runctr" "$ENGINE_WHY"
fi

# the same tree gives the same bytes: remake the trees (new inodes, new
# mtimes); the layers and the image must not change
(cd "$C" && redo-ifchange debian.image 2>/dev/null &&
	sha256sum debootstrap.layer debian.layer debian.image) >"$T/debian.sums"
testing "a second build of the Debian image gives identical bytes" \
	"cd $C && redo debian.fs 2>/dev/null && redo-ifchange debian.image 2>/dev/null && sha256sum -c --quiet $T/debian.sums && echo same" \
	"same\n"
sed 's/-[0-9a-f]*$//' debootstrap.list >"$T/root.ids"
testing "clean keeps the download and the install" \
	"cd $C && redo clean 2>/dev/null && ls -d debdownload debootstrap debootstrap.fakeroot && test ! -e debian.image && test ! -d debian && echo gone" \
	"debdownload\ndebootstrap\ndebootstrap.fakeroot\ngone\n"

# --- again as an unprivileged user: fakeroot, fakechroot and unshare -r do
# the work that root would
if ! throwaway_user; then
	skip "the cookbook as an unprivileged user" "cannot add a user (not root?)"
	exit 0
fi
mkdir -p "$U/bin" "$U/do"
cp "$TOP/$B/redobox" "$U/bin/"
"$U/bin/redobox" --install "$U/bin"
(cd "$T/do" && cp -R hello "$U/do/" && mkdir "$U/do/container" &&
	cp container/*.do container/rdinit container/template.json container/*.options \
		container/*.diffbase container/*.layers "$U/do/container/")
rm -rf "$U/do/hello/.redo" "$U/do/hello/hello"
# the packages downloaded above, so the user's build needs no second download
cp -a "$C/debdownload" "$U/do/container/"
chown -R "$user" "$U/do"
cat >"$U/bin/as-user" <<EOF
#!/bin/sh
# run a shell command in the user's copy of the cookbook, as the user
exec runuser -u $user -- env -i HOME=$U LC_ALL=C QEMU_ACCEL=$QEMU_ACCEL \\
	PATH=$U/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \\
	sh -c "cd $U/do/container && \$1"
EOF
chmod 755 "$U/bin/as-user"
PATH=$U/bin:$PATH
testing "the user is not root" "as-user 'id -u' | grep -cv '^0\$'" "1\n"
as-user "redo libs.runlocal debian.runlocal debootstrap.list" >"$T/user.log" 2>&1 ||
	fail "as $user: the chroot and Debian paths build" "$(tail -n 20 "$T/user.log")"
testing "as $user: libs.runlocal says Hello" "cat $U/do/container/libs.runlocal" "Hello, world!\n"
testing "as $user: debian.runlocal prints the same count" "cat $U/do/container/debian.runlocal" "$count\n"
# owners come from fakeroot's records, not from who ran the build: the lists
# agree but for the content of the files debootstrap writes afresh (logs)
testing "as $user: the same modes and owners as root's build" \
	"sed 's/-[0-9a-f]*\$//' $U/do/container/debootstrap.list | cmp - $T/root.ids && echo same" \
	"same\n"
