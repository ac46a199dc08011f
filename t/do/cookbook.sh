# t/do/cookbook.sh — set-up shared by the cookbook suites, sourced after
# t/lib.sh: a fresh copy of do/ in the scratch directory, so every suite
# starts from a clean tree and never touches the checkout.
# only the sources: a working tree may hold earlier build outputs
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$TOP" && git ls-files -z do | cpio -0pdm --quiet "$T")
else
	cp -R "$TOP/do" "$T/do"
	rm -rf "$T"/do/*/.redo
fi
C=$T/do/container
# a guest under KVM hangs on this machine; tcg is slow but sure
QEMU_ACCEL=${QEMU_ACCEL:-tcg}
export QEMU_ACCEL

# rebuilt TARGET...: the targets a redo-ifchange of TARGET... rebuilt, one a
# line, sorted (redo's progress lines are "redo  NAME", indented by depth).
# A script, not a function: testing runs its commands with sh -c.
mkdir -p "$T/bin"
cat >"$T/bin/rebuilt" <<-\EOF
	#!/bin/sh
	redo-ifchange "$@" 2>&1 >/dev/null | sed -n 's/^redo  *//p' | sort
EOF
chmod +x "$T/bin/rebuilt"
PATH=$T/bin:$PATH
