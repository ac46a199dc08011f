# default.runlocal.do — run NAME's /init in a chroot of the NAME directory,
# as an unprivileged user through a user namespace (unshare -r). Its output
# is the target; its exit status is ours.
redo-ifchange "$2.fs"
need unshare chroot || exit 99

if ! unshare -r true 2>/dev/null; then
	echo "$0: cannot create a user namespace (unshare -r fails)." >&2
	if [ -r /proc/sys/kernel/unprivileged_userns_clone ] &&
		[ "$(cat /proc/sys/kernel/unprivileged_userns_clone)" = 0 ]; then
		echo "$0: unprivileged user namespaces are disabled; as root, try:" >&2
		echo "    sysctl kernel.unprivileged_userns_clone=1" >&2
	fi
	if [ -r /proc/sys/user/max_user_namespaces ] &&
		[ "$(cat /proc/sys/user/max_user_namespaces)" = 0 ]; then
		echo "$0: user.max_user_namespaces is 0; as root, try:" >&2
		echo "    sysctl user.max_user_namespaces=15000" >&2
	fi
	if [ -r /proc/sys/kernel/apparmor_restrict_unprivileged_userns ] &&
		[ "$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns)" = 1 ]; then
		echo "$0: AppArmor restricts unprivileged user namespaces; as root, try:" >&2
		echo "    sysctl kernel.apparmor_restrict_unprivileged_userns=0" >&2
	fi
	exit 99
fi
unshare -r chroot "$2" /init >"$3"
