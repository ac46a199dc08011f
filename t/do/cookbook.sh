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
	# a failed build is a line of its own, so no expected list can match it
	if ! log=$(redo-ifchange "$@" 2>&1 >/dev/null); then
		printf '%s\n' "$log" >&2
		echo "rebuilt: redo-ifchange $* failed"
		exit 1
	fi
	printf '%s\n' "$log" | sed -n 's/^redo  *//p' | sort
EOF
chmod +x "$T/bin/rebuilt"
PATH=$T/bin:$PATH

# leftover DIR: the name of each process working in or below DIR, but this
# script, its callers and its own children: what an interrupted .do left.
cat >"$T/bin/leftover" <<-\EOF
	#!/bin/sh
	dir=$1 self=$$ callers=" "
	p=$$
	while [ "$p" -gt 1 ] && read -r stat <"/proc/$p/stat"; do
		callers="$callers$p "
		set -- ${stat##*) }
		p=$2
	done
	for d in /proc/[0-9]*; do
		case "$callers" in *" ${d#/proc/} "*) continue ;; esac
		cwd=$(readlink "$d/cwd" 2>/dev/null) || continue
		case "$cwd" in "$dir" | "$dir"/*) ;; *) continue ;; esac
		read -r stat <"$d/stat" 2>/dev/null || continue
		set -- ${stat##*) }
		[ "$2" = "$self" ] && continue
		comm=${stat#*\(}
		echo "${comm%%)*}"
	done
EOF
# interrupt SIGNAL CONDITION TARGET...: start "redo TARGET..." in the
# current directory, send SIGNAL to redo once the shell command CONDITION is
# true (within 300 s), and print redo's exit status; then wait up to 30 s
# for every process the .do started to end, print the names of those still
# running, and "quick" when all that took 3 s or less from the signal on.
cat >"$T/bin/interrupt" <<-\EOF
	#!/bin/sh
	sig=$1 cond=$2
	shift 2
	perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' redo "$@" >/dev/null 2>&1 &
	pid=$!
	i=0
	until sh -c "$cond" 2>/dev/null; do
		[ $i -lt 3000 ] && kill -0 $pid 2>/dev/null || { echo "never true: $cond"; break; }
		sleep 0.1
		i=$((i + 1))
	done
	start=$(date +%s)
	kill -s "$sig" $pid
	wait $pid
	echo $?
	i=0
	while [ -n "$(leftover "$PWD")" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	leftover "$PWD"
	took=$(($(date +%s) - start))
	if [ $took -le 3 ]; then echo quick; else echo "took ${took}s"; fi
EOF
# temporaries: what an interrupted build may have left in the current
# directory (a half-made tree, a fakeroot state's temporary, redo's)
cat >"$T/bin/temporaries" <<-\EOF
	#!/bin/sh
	ls -A | grep -e '\.new' -e '\.fakeroot\.' -e 'tmp'
	exit 0
EOF
chmod +x "$T/bin/leftover" "$T/bin/interrupt" "$T/bin/temporaries"
