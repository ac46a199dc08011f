# tree-setup.sh — the set-up that t/cmd/mkcpio.t and t/cmd/mklayer.t share,
# sourced after t/lib.sh; each function works in the suite's scratch directory.

# fakeroot_tree: fr/ holds a file that fr.state records as owned by 5:6 and
# a device node fr/null (char 1,3) that is an empty file on disk. Needs a
# working fakeroot.
fakeroot_tree() {
	mkdir fr
	echo data >fr/file
	fakeroot -s fr.state sh -c 'chown 5:6 fr/file && mknod fr/null c 1 3'
}

# fakeroot_same_bytes CMD: after fr.state has recorded more (fr/d owned by
# 7:8) and fr/file's real owner has changed (what the disk says must not
# matter), a test that CMD -f fr.state writes the bytes that CMD run under
# fakeroot -i fr.state writes.
fakeroot_same_bytes() {
	mkdir fr/d
	fakeroot -i fr.state -s fr.state chown 7:8 fr/d
	chown 1:1 fr/file 2>/dev/null || :
	testing "-f STATE gives the bytes a run under fakeroot -i STATE gives" \
		"find fr | sort >fr.names && $1 -f fr.state <fr.names >own.out &&
		 fakeroot -i fr.state $1 <fr.names >under.out && cmp own.out under.out && echo same" \
		"same\n"
}

# jail_tree: jail/ to be used as -C DIR, with a directory real/ and the
# symlinks up -> .., abs -> / and inner -> real; outside, beside it, is what
# no name under jail/ may reach.
jail_tree() {
	mkdir -p jail/real
	echo secret >outside
	ln -s .. jail/up
	ln -s / jail/abs
	ln -s real jail/inner
}
