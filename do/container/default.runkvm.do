# default.runkvm.do — boot NAME.initrd in qemu and run its /init. Serial
# ports: the console goes to stderr, /init's output becomes the target, its
# exit status becomes ours.
#   KERNEL      kernel to boot (default /boot/vmlinuz-$(uname -r), else the
#               newest /boot/vmlinuz-*)
#   QEMU_ACCEL  kvm or tcg (default kvm when /dev/kvm is usable, else tcg)
#   QEMU_TIMEOUT  seconds before the guest is given up on (default 300)
#   KERNEL_MEM  MiB added to what kvmmem asks for the initrd: the kernel's
#               own needs (default 128; a distribution kernel needs about 96)
redo-ifchange "$2.initrd"
need qemu-system-x86_64 timeout kvmmem || exit 99

kernel=${KERNEL:-/boot/vmlinuz-$(uname -r)}
if [ ! -r "$kernel" ]; then
	kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
	echo "$0: no readable kernel: set KERNEL=, or install linux-image-amd64" >&2
	exit 99
fi
accel=${QEMU_ACCEL:-}
if [ -z "$accel" ]; then
	if [ -w /dev/kvm ]; then accel=kvm; else accel=tcg; fi
fi
mem=$(kvmmem "$2.initrd")
echo "$2: kvm memory required: $mem" >&2
mem=$((${mem%M} + ${KERNEL_MEM:-128}))M

rm -f "$3.out" "$3.rc"
rc=0
timeout "${QEMU_TIMEOUT:-300}" qemu-system-x86_64 \
	-accel "$accel" -m "$mem" -nographic -no-reboot -nodefaults \
	-kernel "$kernel" -initrd "$2.initrd" \
	-append "rdinit=/rdinit console=ttyS0 panic=-1 quiet" \
	-serial stdio -serial "file:$3.out" -serial "file:$3.rc" \
	</dev/null >&2 || rc=$?
if [ "$rc" = 124 ]; then
	echo "$0: $2: qemu ($accel) did not finish in ${QEMU_TIMEOUT:-300}s" >&2
	rm -f "$3.out" "$3.rc"
	exit 1
fi
code=$(tr -d '\r\n' <"$3.rc" 2>/dev/null)
tr -d '\r' <"$3.out" >"$3"
rm -f "$3.out" "$3.rc"
if [ "$rc" != 0 ] || [ -z "$code" ]; then
	echo "$0: $2: qemu exited with $rc and the guest reported no exit code" \
		"(the console log above says why)" >&2
	exit 1
fi
exit "$code"
