# xclean.do — clean, and remove the Debian download and install too.
exec >&2
redo clean
rm -rf debdownload debootstrap debootstrap.fakeroot debdownload.fs debootstrap.fs \
	debdownload.new debootstrap.new debootstrap.new.fakeroot
