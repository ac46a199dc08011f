# hello.do — compile hello.c; CC and CFLAGS may be set by the caller.
redo-ifchange hello.c
${CC:-cc} ${CFLAGS:--O2 -Wall} -o "$3" hello.c
