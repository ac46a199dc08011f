# clean.do — remove what redo built here.
rm -f hello ./*.tmp
