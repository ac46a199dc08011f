# default.runkvm.do — boot NAME.initrd in qemu and run its /init. Serial
# ports: the guest's console goes to NAME.runkvm.log (shown, without its
# terminal control sequences, when the run fails), /init's output becomes
# the target, its exit status becomes ours.
#   KERNEL      kernel to boot (default /boot/vmlinuz-$(uname -r), else the
#               newest /boot/vmlinuz-*); when set, it must be readable
#   QEMU_ACCEL  kvm or tcg (default kvm when /dev/kvm is usable, else tcg)
#   QEMU_TIMEOUT  seconds before the guest is given up on (default 300)
#   KERNEL_MEM  MiB added to what kvmmem asks for the initrd: the kernel's
#               own needs (default 128; a distribution kernel needs about 96)
redo-ifchange "$2.initrd"
need qemu-system-x86_64 timeout kvmmem || exit 99

if [ -n "$KERNEL" ]; then
	if [ ! -f "$KERNEL" ] || [ ! -r "$KERNEL" ]; then
		echo "$0: KERNEL=$KERNEL: not a readable file" >&2
		exit 1
	fi
	kernel=$KERNEL
else
	kernel=/boot/vmlinuz-$(uname -r)
	if [ ! -r "$kernel" ]; then
		kernel=$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
	fi
	if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
		echo "$0: no readable kernel: set KERNEL=, or install linux-image-amd64" >&2
		exit 99
	fi
fi
accel=${QEMU_ACCEL:-}
if [ -z "$accel" ]; then
	if [ -w /dev/kvm ]; then accel=kvm; else accel=tcg; fi
fi
mem=$(kvmmem "$2.initrd")
echo "$2: kvm memory required: $mem" >&2
mem=$((${mem%M} + ${KERNEL_MEM:-128}))M
log=$1.log

# qemu runs in the background so that a signal reaches this script at once
# (sh runs a trap only after a foreground command ends); the trap stops it.
# timeout --foreground stays in our process group, where the signals that
# redo and the terminal send arrive.
pid= tmp=$3
stop() {
	[ -z "$pid" ] || kill -TERM "$pid" 2>/dev/null
	[ -z "$pid" ] || wait "$pid"
	rm -f "$tmp" "$tmp.out" "$tmp.rc"
	trap - EXIT
	exit "$1"
}
trap 'rm -f "$3.out" "$3.rc"' EXIT
trap 'stop 129' HUP
trap 'stop 130' INT
trap 'stop 143' TERM
timeout --foreground "${QEMU_TIMEOUT:-300}" qemu-system-x86_64 \
	-accel "$accel" -m "$mem" -nographic -no-reboot -nodefaults \
	-kernel "$kernel" -initrd "$2.initrd" \
	-append "rdinit=/rdinit console=ttyS0 panic=-1 quiet" \
	-serial stdio -serial "file:$3.out" -serial "file:$3.rc" \
	</dev/null >"$log" 2>&1 &
pid=$!
rc=0
wait "$pid" || rc=$?
pid=

# the log without the control sequences the firmware writes (a terminal
# reset, a cleared screen, line wrapping off)
show_log() {
	esc=$(printf '\033')
	tail -n 30 "$log" | sed "s/$esc\[[0-9;?]*[A-Za-z]//g; s/$esc[A-Za-z]//g" |
		tr -d '\r\033' | sed 's/^/    /' >&2
}
if [ "$rc" = 124 ]; then
	echo "$0: $2: qemu ($accel) did not finish in ${QEMU_TIMEOUT:-300}s; the end of $log:" >&2
	show_log
	exit 1
fi
if [ "$rc" != 0 ]; then
	echo "$0: $2: qemu ($accel) failed with exit status $rc; the end of $log:" >&2
	show_log
	exit 1
fi
code=$(tr -d '\r\n' <"$3.rc" 2>/dev/null) || code=
if [ -z "$code" ]; then
	echo "$0: $2: the guest reported no exit status; the end of $log:" >&2
	show_log
	exit 1
fi
tr -d '\r' <"$3.out" >"$3"
exit "$code"
