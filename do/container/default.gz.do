# default.gz.do — a reproducible, rsyncable gzip of any file.
redo-ifchange "$2"
gz <"$2" >"$3"
