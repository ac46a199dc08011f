#!/bin/sh
# simple.t — the cookbook's hello containers under redobox's redo: chroot,
# kvm, docker and podman runs, the image, null and incremental rebuilds,
# reproducible bytes, and a push to a registry.
. "$TOP/t/lib.sh"
. "$TOP/t/engines.sh"
. "$TOP/t/do/cookbook.sh"
engines_trap
cd "$C"

testing "do/demo (what make demo runs): the chroot's Hello, then where the image is and how to run it" \
	"sh $T/do/demo 2>/dev/null | grep -E '^demo: the container printed|^demo: the image is|docker (load|run)' |
	 sed \"s|$C|C|; s/([0-9]* bytes)/(N bytes)/; s/sha256:[0-9a-f]\\{64\\}\$/ID/\"" \
	"demo: the container printed: Hello, world!\ndemo: the image is C/simple.image.gz (N bytes)\n    docker load -i C/simple.image.gz\n    docker run --rm ID\n"
testing "do/demo's closing hint: the PATH to set and the directory to work in" \
	"sh $T/do/demo 2>/dev/null | grep -e '^    export PATH=' -e '^    cd '" \
	"    export PATH=$TOP/${B:-build}/bin:\$PATH\n    cd $C\n"
testing "libs.runlocal: Hello from a chroot" \
	"cd $C && redo libs.runlocal 2>/dev/null && cat libs.runlocal" "Hello, world!\n"
testing "libs.runkvm: Hello from qemu ($QEMU_ACCEL)" \
	"cd $C && redo libs.runkvm 2>/dev/null && cat libs.runkvm" "Hello, world!\n"
esc=$(printf '\033')
testing "libs.runkvm: the guest's console (SeaBIOS's screen resets) goes to libs.runkvm.log, none to the terminal" \
	"cd $C && redo libs.runkvm 2>&1 | grep -c '$esc'; grep -c SeaBIOS libs.runkvm.log" "0\n1\n"
# an interrupt while qemu runs: redo dies of it at once, qemu and timeout
# are stopped, the old target stays and no temporary is left
for sig in INT:130 TERM:143; do
	testing "SIG${sig%:*} while qemu runs: qemu stopped at once, the old target stays, no temporary" \
		"cd $C && QEMU_TIMEOUT=600 interrupt ${sig%:*} 'leftover \$PWD | grep -q ^qemu' libs.runkvm; cat libs.runkvm; temporaries" \
		"${sig#*:}\nquick\nHello, world!\n"
	testing "and the next redo libs.runkvm says Hello" \
		"cd $C && redo libs.runkvm 2>/dev/null && cat libs.runkvm && temporaries" "Hello, world!\n"
done
testing "timeout 2 redo libs.runkvm: nothing of the run is left" \
	"cd $C && timeout 2 redo libs.runkvm 2>/dev/null; echo \$?; sleep 1; leftover $C; temporaries" "124\n"
testing "KERNEL set but unreadable: an error, the old target stays" \
	"cd $C && KERNEL=/boot/vmlinuz-typo redo libs.runkvm 2>$T/err; echo \$?; grep -c typo $T/err; grep -v '^redo' $T/err; cat libs.runkvm" \
	"1\n1\ndefault.runkvm.do: KERNEL=/boot/vmlinuz-typo: not a readable file\nHello, world!\n"
# a /dev without kvm, in a mount namespace of its own: qemu's own
# complaint, once, and no other
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	mkdir "$T/dev"
	cat >"$T/bin/without-kvm" <<-EOF
		#!/bin/sh
		# run a command with a /dev that has no kvm
		exec unshare -m sh -ec '
			mount -t tmpfs -o size=1M nokvm $T/dev
			for d in null zero full random urandom tty; do
				: >$T/dev/\$d
				mount --bind /dev/\$d $T/dev/\$d
			done
			mount --rbind $T/dev /dev
			exec "\$@"' sh "\$@"
	EOF
	chmod +x "$T/bin/without-kvm"
	testing "QEMU_ACCEL=kvm without /dev/kvm: qemu's failure once, its log, nothing else" \
		"cd $C && QEMU_ACCEL=kvm without-kvm redo libs.runkvm 2>$T/err; echo \$?; grep -c 'failed with exit status 1; the end of libs.runkvm.log' $T/err; grep -c 'Could not access KVM' $T/err; grep -c -e 'cannot open' -e '$esc' $T/err; cat libs.runkvm; temporaries" \
		"1\n1\n1\n0\nHello, world!\n"
else
	skip "QEMU_ACCEL=kvm without /dev/kvm" "needs root for a mount namespace"
fi
testing "libs.initrd holds the tree and rdinit, owned by root" \
	"cd $C && cpio -itv --numeric-uid-gid <libs.initrd 2>/dev/null | awk '{ print \$3 \$4 }' | sort -u" "00\n"
testing "simple.image.gz: a gzip of simple.image" \
	"cd $C && redo simple.image.gz 2>/dev/null && gzip -dc simple.image.gz | cmp - simple.image && echo same" \
	"same\n"
# the layer count is a literal, so an image or layers that are missing on
# both sides cannot pass
testing "simple.image holds the two layers, libs first" \
	"cd $C && tar -xOf simple.image manifest.json | jq -r '.[0].Layers | length, .[]' | sed 's,.*/,,' | tr '\n' ' '" \
	"2 $(cd "$C" && sha256sum libs.layer simple.layer | cut -d' ' -f1 | tr '\n' ' ')"
testing "libs.layer holds only what simple lacks" \
	"cd $C && tar -tf libs.layer | grep -c -e hello -e busybox -e '^./bin/sh\$'; tar -tf libs.layer | grep -c 'libc.so'" \
	"0\n1\n"
testing "simple.list.sha256 stays the same when simple is made again" \
	"cd $C && redo simple.list.sha256 2>/dev/null && cp simple.list.sha256 $T/sum1 && rm -rf simple && redo simple.list.sha256 2>/dev/null && cmp simple.list.sha256 $T/sum1 && wc -c <simple.list.sha256" \
	"65\n"
testing "a null rebuild runs no .do" \
	"cd $C && rebuilt libs.runlocal libs.runkvm simple.image.gz simple.list.sha256" ""

# the same tree gives the same bytes: clean, rebuild, compare
(cd "$C" && sha256sum simple.layer libs.layer simple.image simple.image.gz libs.initrd) >"$T/first.sums"
testing "a second build gives identical bytes" \
	"cd $C && redo clean && sleep 1 && redo-ifchange simple.image.gz libs.initrd 2>/dev/null && sha256sum -c --quiet $T/first.sums && echo same" \
	"same\n"

# after editing hello.c exactly its dependents rebuild (libs.list keeps its
# content, so libs.layer stays)
sed -i 's/Hello, world!/Hello, redo!/' "$T/do/hello/hello.c"
testing "editing hello.c rebuilds exactly its dependents" \
	"cd $C && rebuilt libs.runlocal simple.image.gz | tr '\n' ' '" \
	"../hello/hello libs.fs libs.list libs.runlocal simple.fs simple.image simple.image.gz simple.layer simple.list "
testing "and the new program runs" "cat $C/libs.runlocal" "Hello, redo!\n"
sed -i 's/Hello, redo!/Hello, world!/' "$T/do/hello/hello.c"
redo-ifchange libs.runlocal simple.image.gz 2>/dev/null

if start_dockerd; then
	testing "simple.rundocker: Hello from dockerd" \
		"cd $C && DOCKER='$DOCKER' redo simple.rundocker 2>/dev/null && cat simple.rundocker" "Hello, world!\n"
	# the README's pipeline, as written there, on a copy of the two trees
	sed -n '/^They compose in plain pipelines/,/^Errors are one line/s/^    //p' "$TOP/README.md" >"$T/pipeline.sh"
	mkdir "$T/pipeline" && cp -a simple libs template.json "$T/pipeline/"
	testing "the README's pipeline builds an image that docker runs" \
		"cd $T/pipeline && sh -e $T/pipeline.sh 2>&1 | tail -n 1" "Hello, world!\n"
	testing "docker holds the image under mkimage's ID" \
		"cd $C && $DOCKER image inspect --format '{{.Id}}' redobox/simple:latest | cmp - simple.imageid && echo same" \
		"same\n"
	if start_registry; then
		testing "simple.push to a registry, then a pull runs" \
			"cd $C && REGISTRY=$REGISTRY SKOPEO_FLAGS=--dest-tls-verify=false redo simple.push 2>/dev/null && $DOCKER pull -q $REGISTRY/simple:latest >/dev/null && $DOCKER run --rm $REGISTRY/simple:latest" \
			"Hello, world!\n"
	else
		skip "simple.push" "$ENGINE_WHY"
	fi
else
	skip "simple.rundocker under dockerd" "$ENGINE_WHY"
fi
if setup_podman; then
	testing "simple.rundocker with DOCKER=podman" \
		"cd $C && DOCKER='$PODMAN' redo simple.rundocker 2>/dev/null && cat simple.rundocker" "Hello, world!\n"
	# all.do checks what hello prints now, and takes DOCKER with options
	sed -i 's/Hello, world!/Hello from an edit/' "$T/do/hello/hello.c"
	testing "all.do after an edit to hello.c, DOCKER='podman --runtime runc ...': three runs, each ok" \
		"cd $C && NO_SLOW_TESTS=1 DOCKER='$PODMAN' redo all >$T/all.log 2>&1; echo \$?; grep -c 'Hello from an edit *ok\$' $T/all.log" \
		"0\n3\n"
	sed -i 's/Hello from an edit/Hello, world!/' "$T/do/hello/hello.c"
else
	skip "simple.rundocker under podman" "$ENGINE_WHY"
fi
testing "simple.oci: an OCI archive skopeo reads" \
	"cd $C && redo simple.oci 2>/dev/null && skopeo inspect --raw oci-archive:simple.oci | jq -r '.layers | length'" "2\n"
