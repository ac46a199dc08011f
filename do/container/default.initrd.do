# default.initrd.do — an initramfs of the NAME directory (owners from its
# fakeroot state, when there is one), followed by a second archive holding
# rdinit: the kernel unpacks both.
redo-ifchange "$2.fs" rdinit
export LC_ALL=C
(cd "$2" && find . | sort) | mkcpio -C "$2" -f "$2.fakeroot" >"$3"
echo rdinit | mkcpio -f /dev/null >>"$3"
