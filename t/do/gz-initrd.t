#!/bin/sh
# gz-initrd.t — the Linux kernel as a reader of gz's output: the cookbook's
# libs.initrd, compressed by gz, booted in qemu (runkvm, QEMU_ACCEL as in
# cookbook.sh), runs its /init. A file of several gzip members, one per block,
# is what the kernel refuses (each must end at the end of a cpio archive):
# that is checked too, so this test tells the two layouts apart.
. "$TOP/t/lib.sh"
. "$TOP/t/do/cookbook.sh"
cd "$C"

kernel=${KERNEL:-$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)}
if ! command -v qemu-system-x86_64 >/dev/null || [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
	skip "the kernel unpacks a gz initrd" "needs qemu-system-x86_64 and a readable /boot/vmlinuz-*"
	exit 0
fi
if ! redo libs.initrd 2>"$T/initrd.log"; then
	fail "libs.initrd builds" "$(cat "$T/initrd.log")"
	exit 0
fi

# gz.initrd and multi.initrd are sources here: redo runs default.runkvm.do on them
testing "libs.initrd through gz: one member of many blocks" \
	"gz -p 2 <libs.initrd >gz.initrd && gzip -lv gz.initrd | grep -c defla && [ \$(wc -c <gz.initrd) -gt 1000000 ] &&
	 gzip -dc gz.initrd | cmp - libs.initrd && echo same" "1\nsame\n"
testing "the kernel unpacks the gz initrd and runs its /init" \
	"redo gz.runkvm 2>gz.log; cat gz.runkvm; grep -c 'Initramfs unpacking failed' gz.log" "Hello, world!\n0\n"
testing "while one gzip member per 1 MB piece is refused by the kernel" \
	"split -b 1000000 --filter='gzip -n' libs.initrd >multi.initrd && gzip -dc multi.initrd | cmp - libs.initrd &&
	 redo multi.runkvm 2>multi.log; grep -o 'Initramfs unpacking failed: junk at the end of compressed archive' multi.log" \
	"Initramfs unpacking failed: junk at the end of compressed archive\n"
