# all.do — build the hello program.
redo-ifchange hello
