# clean.do — remove what the build made, except the slow Debian download and
# install (debdownload, debootstrap): redo rebuilds those when their inputs
# change. xclean removes them too.
rm -f ./*.runctr
exec >&2
rm -rf simple libs debian simple.new libs.new debian.new
rm -f simple.fs libs.fs debian.fs ./*.list ./*.layer ./*.sha256 ./*.image ./*.imageid ./*.gz \
	./*.initrd ./*.runlocal ./*.runkvm ./*.runkvm.log ./*.load ./*.rundocker ./*.oci \
	./*.push debian.fakeroot debian.new.fakeroot ./*.tmp
