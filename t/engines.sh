# t/engines.sh — private container engines for tests, sourced after t/lib.sh
# (which provides $T, a scratch directory removed at exit).
#
#   start_dockerd     a private dockerd on $T/docker/docker.sock; sets DOCKER
#                     (the client command, talking to it) and DOCKER_HOST
#   stop_dockerd
#   start_containerd  a private containerd (root, state, socket and config
#                     under $T/ctrd, the CRI plugin off); sets CTR (ctr
#                     talking to it, namespace redobox) and CONTAINERD_ADDRESS
#   stop_containerd
#   setup_podman      sets PODMAN: podman with runc, cgroupfs, and its own
#                     storage under $T/podman (crun refuses this machine's
#                     hybrid cgroups; containers.conf holds default_ulimits = [])
#   stop_podman       removes podman's containers and storage mounts
#   start_registry    Debian's docker-registry on 127.0.0.1 at a free port,
#                     storage in $T/registry; sets REGISTRY (127.0.0.1:PORT)
#   stop_registry
#   stop_engines      all of the above that were started
#   engines_trap      runs stop_engines when the suite ends (t/lib.sh's at_exit)
#
# Each start_* returns non-zero with ENGINE_WHY set when the engine cannot run
# here, so the caller can skip with the reason. Every wait is bounded.

: "${T:?t/engines.sh needs t/lib.sh}"
ENGINE_WAIT=${ENGINE_WAIT:-60}  # seconds to wait for a daemon to answer
ENGINE_WHY=

# wait_for SECONDS COMMAND: poll COMMAND (run by sh) every 0.2 s until it succeeds
wait_for() {
	_deadline=$(($(date +%s) + $1))
	while ! sh -c "$2" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$_deadline" ] || return 1
		sleep 0.2
	done
}

# kill_pidfile FILE: TERM the process named in FILE, wait for it (bounded), KILL it if it stays
kill_pidfile() {
	[ -s "$1" ] || return 0
	_pid=$(cat "$1")
	kill "$_pid" 2>/dev/null || { rm -f "$1"; return 0; }
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ $_i -lt 150 ]; do
		sleep 0.2
		_i=$((_i + 1))
	done
	kill -9 "$_pid" 2>/dev/null || true
	rm -f "$1"
}

# engine_tool PROG [WHY]: true when PROG is on PATH, else ENGINE_WHY says it is not
engine_tool() {
	command -v "$1" >/dev/null 2>&1 && return 0
	ENGINE_WHY="$1 is not installed${2:+ ($2)}"
	return 1
}

start_dockerd() {
	ENGINE_WHY=
	engine_tool dockerd "Debian package docker.io" || return 1
	# Debian's client, when there, rather than whatever else is first on PATH
	if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
	_d="$T/docker"
	mkdir -p "$_d"
	DOCKER_HOST="unix://$_d/docker.sock"
	export DOCKER_HOST
	dockerd --host "$DOCKER_HOST" --data-root "$_d/data" --exec-root "$_d/x" \
		--pidfile "$_d/pid" --iptables=false --bridge=none >"$_d/log" 2>&1 &
	echo $! >"$_d/shell-pid"
	if ! wait_for "$ENGINE_WAIT" "timeout 10 $DOCKER version"; then
		ENGINE_WHY="dockerd did not answer within ${ENGINE_WAIT}s: $(tail -n 3 "$_d/log" | tr '\n' ' ')"
		stop_dockerd
		return 1
	fi
}

stop_dockerd() {
	_d="$T/docker"
	[ -d "$_d" ] || return 0
	if [ -s "$_d/pid" ] || [ -s "$_d/shell-pid" ]; then
		timeout 30 $DOCKER ps -aq 2>/dev/null | xargs -r timeout 60 $DOCKER rm -f >/dev/null 2>&1 || true
		kill_pidfile "$_d/pid"
		kill_pidfile "$_d/shell-pid"
	fi
	# a dockerd that had to be killed leaves its containerd and shims behind
	remove_engine_dir "$_d"
}

# remove_engine_dir DIR: what a stopped engine left: the processes whose
# command lines name DIR (shims, a killed daemon's containerd), the overlay
# mounts below it, and DIR itself
remove_engine_dir() {
	for _pid in $(pgrep -f "$1/" 2>/dev/null); do
		kill -9 "$_pid" 2>/dev/null || true
	done
	umount_below "$1"
	rm -rf "$1"
}

start_containerd() {
	ENGINE_WHY=
	engine_tool containerd "Debian package containerd" || return 1
	engine_tool ctr "Debian package containerd" || return 1
	engine_tool runc "containerd runs containers with it" || return 1
	_c="$T/ctrd"
	mkdir -p "$_c"
	CONTAINERD_ADDRESS="$_c/containerd.sock"
	export CONTAINERD_ADDRESS
	cat >"$_c/config.toml" <<-CONF
		version = 2
		root = "$_c/root"
		state = "$_c/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$CONTAINERD_ADDRESS"
		[ttrpc]
		  address = "$CONTAINERD_ADDRESS.ttrpc"
		[plugins."io.containerd.internal.v1.opt"]
		  path = "$_c/opt"
	CONF
	containerd --config "$_c/config.toml" >"$_c/log" 2>&1 &
	echo $! >"$_c/pid"
	CTR="ctr --address $CONTAINERD_ADDRESS --namespace redobox"
	if ! wait_for "$ENGINE_WAIT" "timeout 10 $CTR version"; then
		ENGINE_WHY="containerd did not answer within ${ENGINE_WAIT}s: $(tail -n 3 "$_c/log" | tr '\n' ' ')"
		stop_containerd
		return 1
	fi
}

stop_containerd() {
	_c="$T/ctrd"
	[ -d "$_c" ] || return 0
	if [ -s "$_c/pid" ]; then
		for _t in $(timeout 30 $CTR tasks ls -q 2>/dev/null); do
			timeout 30 $CTR tasks kill -s KILL "$_t" >/dev/null 2>&1 || true
		done
		kill_pidfile "$_c/pid"
	fi
	# shims outlive their containerd
	remove_engine_dir "$_c"
}

setup_podman() {
	ENGINE_WHY=
	engine_tool podman || return 1
	engine_tool runc "podman needs it here: crun refuses these cgroups" || return 1
	_p="$T/podman"
	mkdir -p "$_p/root" "$_p/run" "$_p/tmp"
	cat >"$_p/containers.conf" <<-CONF
		[containers]
		default_ulimits = []
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		events_logfile_path = "$_p/events.log"
		image_copy_tmp_dir = "$_p/tmp"
	CONF
	CONTAINERS_CONF="$_p/containers.conf"
	export CONTAINERS_CONF
	PODMAN="podman --runtime runc --root $_p/root --runroot $_p/run --tmpdir $_p/tmp"
	if ! timeout 60 $PODMAN info >"$_p/info" 2>&1; then
		ENGINE_WHY="podman info failed: $(tail -n 2 "$_p/info" | tr '\n' ' ')"
		return 1
	fi
}

stop_podman() {
	_p="$T/podman"
	[ -d "$_p" ] || return 0
	timeout 60 $PODMAN rm -af >/dev/null 2>&1 || true
	timeout 60 $PODMAN system reset -f >/dev/null 2>&1 || true
	umount_below "$_p"
	rm -rf "$_p"
}

start_registry() {
	ENGINE_WHY=
	engine_tool docker-registry || return 1
	_r="$T/registry"
	mkdir -p "$_r/data"
	# a port nobody listens on; a lost race shows as a registry that exits, and the next port is tried
	_port=$((20000 + $$ % 20000))
	_tries=0
	while [ $_tries -lt 20 ]; do
		_tries=$((_tries + 1))
		_port=$((_port + 1))
		ss -Hltn "sport = :$_port" 2>/dev/null | grep -q . && continue
		printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
			"$_r/data" "$_port" >"$_r/config.yml"
		docker-registry serve "$_r/config.yml" >"$_r/log" 2>&1 &
		echo $! >"$_r/pid"
		REGISTRY="127.0.0.1:$_port"
		if wait_for 30 "curl -fsS -m 2 http://$REGISTRY/v2/ && kill -0 $(cat "$_r/pid")"; then
			return 0
		fi
		kill_pidfile "$_r/pid"
	done
	ENGINE_WHY="docker-registry did not start: $(tail -n 3 "$_r/log" | tr '\n' ' ')"
	return 1
}

stop_registry() {
	_r="$T/registry"
	[ -d "$_r" ] || return 0
	kill_pidfile "$_r/pid"
	rm -rf "$_r"
}

stop_engines() {
	stop_dockerd
	stop_containerd
	stop_podman
	stop_registry
}

engines_trap() {
	at_exit stop_engines
}
