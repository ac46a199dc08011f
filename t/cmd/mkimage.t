#!/bin/sh
# mkimage.t — the archive's layout and JSON, reproducibility, --gzip and
# --zstd, every error; the real loaders are in mkimage-engines.t.
. "$TOP/t/lib.sh"
. "$TOP/t/cmd/mkimage-setup.sh"

check "builds an image" "mkimage -t hello -c tmpl.json -o img.tar base.tar top.tar >id"
id=$(cat id)
cfg=${id#sha256:}
man=$(tar -xOf img.tar index.json | jq -r '.manifests[0].digest' | cut -c8-)
cfgsize=$(tar -xOf img.tar "blobs/sha256/$cfg" | wc -c)
mansize=$(tar -xOf img.tar "blobs/sha256/$man" | wc -c)

testing "the ID is sha256:HEX of the config blob" \
	"tar -xOf img.tar blobs/sha256/$cfg | sha256sum | sed 's/^/sha256:/;s/ .*//'" "$id\n"
testing "what docker save writes: layers in order, config, manifest, the rest" "tar -tf img.tar" \
	"blobs/\nblobs/sha256/\nblobs/sha256/$b\nblobs/sha256/$t\nblobs/sha256/$cfg\nblobs/sha256/$man\nindex.json\nmanifest.json\noci-layout\nrepositories\n"
testing "owners 0:0, fixed modes, mtime 0" \
	"tar --numeric-owner --full-time -tvf img.tar | awk '{ print \$1, \$2, \$4, \$5 }' | sort -u" \
	"-rw-r--r-- 0/0 1970-01-01 00:00:00\ndrwxr-xr-x 0/0 1970-01-01 00:00:00\n"
testing "ustar headers, no PAX records" "od -An -c -j 257 -N 6 img.tar | tr -s ' '" " u s t a r \\\\0\n"
testing "the layer blobs are the input tars, byte for byte" \
	"tar -xOf img.tar blobs/sha256/$b | cmp - base.tar && tar -xOf img.tar blobs/sha256/$t | cmp - top.tar && echo same" "same\n"
testing "manifest.json: Config, RepoTags, Layers" "tar -xOf img.tar manifest.json" \
	"[{\"Config\":\"blobs/sha256/$cfg\",\"Layers\":[\"blobs/sha256/$b\",\"blobs/sha256/$t\"],\"RepoTags\":[\"hello:latest\"]}]\n"
testing "the config: template members, created, rootfs, history" "tar -xOf img.tar blobs/sha256/$cfg" \
	"{\"architecture\":\"amd64\",\"comment\":\"kept\",\"config\":{\"Cmd\":[\"/init\"],\"Env\":[\"PATH=/bin\"]},\"created\":\"1970-01-01T00:00:00Z\",\"history\":[{\"created_by\":\"mkimage base.tar\"},{\"created_by\":\"mkimage top.tar\"}],\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"sha256:$b\",\"sha256:$t\"],\"type\":\"layers\"}}"
testing "the OCI manifest: config and layer descriptors" "tar -xOf img.tar blobs/sha256/$man" \
	"{\"config\":{\"digest\":\"$id\",\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":$cfgsize},\"layers\":[{\"digest\":\"sha256:$b\",\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":$bsize},{\"digest\":\"sha256:$t\",\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"size\":$tsize}],\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"schemaVersion\":2}"
testing "index.json: the manifest, its platform, the name annotations" "tar -xOf img.tar index.json" \
	"{\"manifests\":[{\"annotations\":{\"io.containerd.image.name\":\"docker.io/library/hello:latest\",\"org.opencontainers.image.ref.name\":\"latest\"},\"digest\":\"sha256:$man\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"},\"size\":$mansize}],\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"schemaVersion\":2}"
testing "the manifest blob is named by its digest" \
	"tar -xOf img.tar blobs/sha256/$man | sha256sum | cut -d' ' -f1" "$man\n"
testing "oci-layout" "tar -xOf img.tar oci-layout" '{"imageLayoutVersion":"1.0.0"}'
testing "repositories: the top layer per tag" "tar -xOf img.tar repositories" "{\"hello\":{\"latest\":\"$t\"}}\n"

testing "without -o the archive goes to standard output" \
	"mkimage -t hello -c tmpl.json base.tar top.tar | cmp - img.tar && echo same" "same\n"
# into a file opened for reading too, layers are read once and their headers
# rewritten; into anything else, read twice: the bytes must not differ
testing "the same bytes into a pipe, a write-only file, a read-write file, at an offset" \
	"mkimage -t hello -c tmpl.json base.tar top.tar | cmp - img.tar && mkimage -t hello -c tmpl.json base.tar top.tar >wo.tar && cmp wo.tar img.tar && mkimage -t hello -c tmpl.json base.tar top.tar 1<>rw.tar && cmp rw.tar img.tar && (printf abc; mkimage -t hello -c tmpl.json base.tar top.tar) 1<>at.tar && tail -c +4 at.tar | cmp - img.tar && head -c 3 at.tar && echo" \
	"abc\n"
# (LeakSanitizer cannot run under ptrace: off for this one). A call that
# another thread interrupts ends on a line of its own, "<... copy_file_range
# resumed> ...) = N", which the pattern counts too.
if command -v strace >/dev/null 2>&1; then
	testing "into a file, the kernel copies each layer (copy_file_range), and the bytes are the same" \
		"ASAN_OPTIONS=detect_leaks=0 strace -f -o trace -e trace=copy_file_range mkimage -t hello -c tmpl.json -o k.tar base.tar top.tar >/dev/null && cmp k.tar img.tar && grep -c 'copy_file_range.* = [1-9]' trace" "2\n"
else
	skip "the kernel copies the layers" "strace is not installed"
fi
# the kernel copies layers into a file, not into one opened to append
testing "the same bytes into a file opened to append, after what it held" \
	"printf abc >ap.tar && mkimage -t hello -c tmpl.json base.tar top.tar >>ap.tar && tail -c +4 ap.tar | cmp - img.tar && head -c 3 ap.tar && echo" \
	"abc\n"
testing "a layer file given twice is stored once" \
	"mkimage -o twice.tar base.tar top.tar base.tar >/dev/null && tar -tf twice.tar | grep -c $b && mkimage base.tar top.tar base.tar | cmp - twice.tar && echo same" "1\nsame\n"
testing "two files with the same bytes: stored twice under one name" \
	"cp base.tar copy.tar && mkimage -o copies.tar base.tar copy.tar >/dev/null && tar -tf copies.tar | grep -c $b && mkimage base.tar copy.tar | cmp - copies.tar && echo same" "2\nsame\n"
check "an image with two copies of a layer builds" "mkimage -t dup -c tmpl.json -o dup.tar base.tar copy.tar top.tar"
testing "--id-file: sha256:HEX and a newline" \
	"mkimage -t hello -c tmpl.json --id-file idf base.tar top.tar >/dev/null && cat idf" "$id\n"
testing "-o and --id-file together" \
	"mkimage -t hello -c tmpl.json -o o2.tar --id-file idf2 base.tar top.tar && cat idf2 && cmp o2.tar img.tar && echo same" \
	"$id\n$id\nsame\n"

# reproducibility
testing "two builds are byte-identical" \
	"mkimage -t hello -c tmpl.json -o again.tar base.tar top.tar >/dev/null && cmp img.tar again.tar && echo same" "same\n"
testing "the same inputs elsewhere give the same image" \
	"mkdir -p elsewhere && cp base.tar top.tar tmpl.json elsewhere/ && touch -d @12345 elsewhere/*.tar && cd elsewhere && mkimage -t hello -c tmpl.json base.tar top.tar | cmp - ../img.tar && echo same" "same\n"
check "SOURCE_DATE_EPOCH builds" "SOURCE_DATE_EPOCH=86400 mkimage -t hello -c tmpl.json -o later.tar base.tar top.tar >later.id"
testing "SOURCE_DATE_EPOCH: a new created, so a new ID" \
	"./config_of later.tar | jq -r .created; cmp -s id later.id || echo differs" \
	"1970-01-02T00:00:00Z\ndiffers\n"
testing "SOURCE_DATE_EPOCH: nothing else in the config changes" \
	"tar -xOf later.tar blobs/sha256/\$(cut -c8- later.id) | jq -c 'del(.created)' >a && tar -xOf img.tar blobs/sha256/$cfg | jq -c 'del(.created)' >b && cmp a b && echo same" "same\n"
testing "SOURCE_DATE_EPOCH: the same layers, entries dated then" \
	"tar -xOf later.tar blobs/sha256/$b | cmp - base.tar && tar --full-time -tvf later.tar | awk '{ print \$4, \$5 }' | sort -u" \
	"1970-01-02 00:00:00\n"
testing "SOURCE_DATE_EPOCH must be seconds" \
	"SOURCE_DATE_EPOCH=yesterday mkimage -o bad.tar base.tar 2>&1; echo \$?; ls bad.tar 2>&1 | grep -c 'No such'" \
	"mkimage: SOURCE_DATE_EPOCH: not a number of seconds in 0..253402300799: yesterday\n1\n1\n"

# the config from templates
testing "no template: the build machine's architecture, linux, empty config" \
	"mkimage base.tar >plain.tar && ./config_of plain.tar | jq -c '{architecture, os, config, created}'" \
	"{\"architecture\":\"$(dpkg --print-architecture)\",\"os\":\"linux\",\"config\":{},\"created\":\"1970-01-01T00:00:00Z\"}\n"
cat >v1.json <<'JSON'
{
    "id": "b65ae6e742f8946fdc3fbdccb326378162641f540e606d56e1e638c7988a5b95",
    "parent": "4d1fda9f598191a4bc281e5f6ac9c27493dbc8dd318e93a28b8a392a7105c145",
    "Size": 1234,
    "architecture": "amd64",
    "comment": "Imported from -",
    "config": {"Cmd": ["/init"], "Entrypoint": null, "Env": null, "Hostname": "", "User": "", "WorkingDir": ""},
    "container_config": {"Cmd": null, "Hostname": ""},
    "docker_version": "1.6.2",
    "os": "linux"
}
JSON
testing "the cookbook's v1 template: its members kept, id, parent and Size dropped" \
	"mkimage -c v1.json base.tar >v1.tar && ./config_of v1.tar | jq -c '[keys, .config, .container_config, .docker_version]'" \
	'[["architecture","comment","config","container_config","created","docker_version","history","os","rootfs"],{"Cmd":["/init"],"Entrypoint":null,"Env":null,"Hostname":"","User":"","WorkingDir":""},{"Cmd":null,"Hostname":""},"1.6.2"]\n'
cat >oci.json <<'JSON'
{"architecture": "arm64", "variant": "v8", "os": "linux", "author": "me",
 "config": {"Entrypoint": ["/bin/sh"], "Cmd": ["-c", "echo hi"], "WorkingDir": "/w", "User": "1:2",
            "ExposedPorts": {"80/tcp": {}}, "Labels": {"a": "b"}, "StopSignal": "SIGTERM", "Future": 1},
 "rootfs": {"type": "layers", "diff_ids": ["sha256:0000000000000000000000000000000000000000000000000000000000000000"]},
 "history": [{"created_by": "old"}], "x-unknown": {"kept": true}}
JSON
testing "an OCI config template: config, platform and unknown members kept, rootfs and history replaced" \
	"mkimage -c oci.json base.tar >oci.tar && ./config_of oci.tar | jq -c 'del(.created)'" \
	"{\"architecture\":\"arm64\",\"author\":\"me\",\"config\":{\"Cmd\":[\"-c\",\"echo hi\"],\"Entrypoint\":[\"/bin/sh\"],\"ExposedPorts\":{\"80/tcp\":{}},\"Future\":1,\"Labels\":{\"a\":\"b\"},\"StopSignal\":\"SIGTERM\",\"User\":\"1:2\",\"WorkingDir\":\"/w\"},\"history\":[{\"created_by\":\"mkimage base.tar\"}],\"os\":\"linux\",\"rootfs\":{\"diff_ids\":[\"sha256:$b\"],\"type\":\"layers\"},\"variant\":\"v8\",\"x-unknown\":{\"kept\":true}}\n"
testing "-c - reads the template from standard input" \
	"mkimage -c - base.tar >stdin.tar && ./config_of stdin.tar | jq -c .config" '{"User":"7"}\n' '{"config": {"User": "7"}}'
testing "-c -: errors name standard input" "mkimage -c - -o out.tar base.tar 2>&1$noout" \
	"mkimage: standard input: invalid JSON at line 1, column 2 (byte 1): syntax error while parsing object key - unexpected end of input; expected string literal\n1\n0\n" "{"
testing "the index carries the template's platform" \
	"mkimage -c oci.json base.tar | tar -xO index.json | jq -c '.manifests[0].platform'" \
	'{"architecture":"arm64","os":"linux","variant":"v8"}\n'

# tags
testing "several tags: RepoTags, repositories, one index entry each, duplicates once" \
	"mkimage -t localhost:5000/a/b:v1 -t busybox -t busybox:latest -t docker.io/library/busybox -t Registry.example/x_y/z-1:T.2 base.tar >tags.tar && tar -xOf tags.tar manifest.json | jq -c '.[0].RepoTags' && tar -xOf tags.tar index.json | jq -c '[.manifests[].annotations[]]' && tar -xOf tags.tar repositories" \
	"[\"localhost:5000/a/b:v1\",\"busybox:latest\",\"Registry.example/x_y/z-1:T.2\"]\n[\"localhost:5000/a/b:v1\",\"v1\",\"docker.io/library/busybox:latest\",\"latest\",\"Registry.example/x_y/z-1:T.2\",\"T.2\"]\n{\"Registry.example/x_y/z-1\":{\"T.2\":\"$b\"},\"busybox\":{\"latest\":\"$b\"},\"localhost:5000/a/b\":{\"v1\":\"$b\"}}\n"
testing "untagged: RepoTags null, no repositories, a plain index entry" \
	"mkimage base.tar >u.tar && tar -xOf u.tar manifest.json | jq -c '.[0].RepoTags' && tar -tf u.tar | grep -c repositories; tar -xOf u.tar index.json | jq -c '.manifests[0] | keys'" \
	"null\n0\n[\"digest\",\"mediaType\",\"platform\",\"size\"]\n"

# layers
testing "the same layer twice: two diff_ids" \
	"mkimage base.tar base.tar >twice2.tar && tar -xOf twice2.tar manifest.json | jq -c '.[0].Layers | length' && ./config_of twice2.tar | jq -c '.rootfs.diff_ids | length'" "2\n2\n"
testing "a tar holding only its end-of-archive mark is a layer" \
	"head -c 1024 /dev/zero >empty.tar && mkimage empty.tar | tar -tf - | grep -c $(head -c 1024 /dev/zero | sha256sum | cut -d' ' -f1)" "1\n"

# --gzip: compressed blobs, the same config and so the same ID
check "--gzip builds an image" "mkimage --gzip -t hz -c tmpl.json -o gz.tar base.tar top.tar >gz.id"
bz=$(gz <base.tar | sha256sum | cut -d' ' -f1)
tz=$(gz <top.tar | sha256sum | cut -d' ' -f1)
testing "--gzip: the same config, so the same image ID" "cat gz.id" "$id\n"
testing "--gzip: the layer blobs are what gz writes, named by their digest" \
	"tar -xOf gz.tar manifest.json | jq -r '.[0].Layers[]' | while read -r p; do tar -xOf gz.tar \$p | sha256sum | cut -d' ' -f1; echo \${p#blobs/sha256/}; done" \
	"$bz\n$bz\n$tz\n$tz\n"
testing "--gzip: they inflate to the layer tars" \
	"tar -xOf gz.tar blobs/sha256/$bz | gzip -dc | cmp - base.tar && tar -xOf gz.tar blobs/sha256/$tz | gzip -dc | cmp - top.tar && echo same" "same\n"
testing "--gzip: the manifest says tar+gzip; diff_ids stay the tars'" \
	"m=\$(tar -xOf gz.tar index.json | jq -r '.manifests[0].digest') && tar -xOf gz.tar blobs/sha256/\${m#sha256:} | jq -r '.layers[] | .mediaType + \" \" + .digest' && ./config_of gz.tar | jq -r '.rootfs.diff_ids[]'" \
	"application/vnd.oci.image.layer.v1.tar+gzip sha256:$bz\napplication/vnd.oci.image.layer.v1.tar+gzip sha256:$tz\nsha256:$b\nsha256:$t\n"
testing "--gzip: the same bytes whatever -j" \
	"mkimage --gzip -j 1 -t hz -c tmpl.json base.tar top.tar >gz1.tar && mkimage --gzip -j 3 -t hz -c tmpl.json base.tar top.tar | cmp - gz1.tar && cmp gz1.tar gz.tar && echo same" "same\n"
testing "--gzip: a bad layer is still refused" "mkimage --gzip -o out.tar notes.txt 2>&1; echo \$?; ls -A | grep -c out.tar" \
	"mkimage: notes.txt: not a tar archive\n1\n0\n"

# --zstd: tar+zstd blobs, the same config and so the same ID
check "--zstd builds an image" "mkimage --zstd -t hzst -c tmpl.json -o zst.tar base.tar top.tar >zst.id"
bzs=$(tar -xOf zst.tar manifest.json | jq -r '.[0].Layers[0]' | cut -c14-)
tzs=$(tar -xOf zst.tar manifest.json | jq -r '.[0].Layers[1]' | cut -c14-)
testing "--zstd: the same config, so the same image ID" "cat zst.id" "$id\n"
testing "--zstd: the layer blobs are named by their digest and zstd -d gives the tars" \
	"tar -xOf zst.tar blobs/sha256/$bzs | sha256sum | cut -c1-64 && tar -xOf zst.tar blobs/sha256/$bzs | zstd -dc | cmp - base.tar && tar -xOf zst.tar blobs/sha256/$tzs | zstd -dc | cmp - top.tar && echo same" \
	"$bzs\nsame\n"
testing "--zstd: the manifest says tar+zstd; diff_ids stay the tars'" \
	"m=\$(tar -xOf zst.tar index.json | jq -r '.manifests[0].digest') && tar -xOf zst.tar blobs/sha256/\${m#sha256:} | jq -r '.layers[] | .mediaType + \" \" + .digest' && ./config_of zst.tar | jq -r '.rootfs.diff_ids[]'" \
	"application/vnd.oci.image.layer.v1.tar+zstd sha256:$bzs\napplication/vnd.oci.image.layer.v1.tar+zstd sha256:$tzs\nsha256:$b\nsha256:$t\n"
testing "--zstd=19: smaller than the default level, and still the tar" \
	"mkimage --zstd=19 base.tar >z19.tar && l=\$(tar -xOf z19.tar manifest.json | jq -r '.[0].Layers[0]') && tar -xOf z19.tar \$l | zstd -dc | cmp - base.tar && [ \$(tar -xOf z19.tar \$l | wc -c) -lt \$(tar -xOf zst.tar blobs/sha256/$bzs | wc -c) ] && echo smaller" \
	"smaller\n"
# a layer of ~40 MB, cut into several frames: -j must not change them
mkdir -p nums/a nums/b
seq 1 2500000 >nums/a/numbers
seq 2500001 5000000 >nums/b/numbers
mktar nums big.tar
# blob ARCHIVE: its first layer blob
printf '#!/bin/sh\ntar -xOf "$1" "$(tar -xOf "$1" manifest.json | jq -r ".[0].Layers[0]")"\n' >blob
chmod 755 blob
testing "--zstd: the same bytes whatever -j (several frames)" \
	"mkimage --zstd -j 1 big.tar >zj1.tar && mkimage --zstd -j 2 big.tar | cmp - zj1.tar && mkimage --zstd -j 5 big.tar | cmp - zj1.tar && ./blob zj1.tar >zj1.zst && zstd -lv zj1.zst 2>/dev/null | awk '/^# Zstandard Frames/ { print (\$NF > 4) ? \"frames\" : \$NF }'" \
	"frames\n"
# rsyncable: a line inserted in the middle of the layer (at the start of the
# second file) changes the frames around it only
sed -i '1i inserted' nums/b/numbers
mktar nums big2.tar
cat >common <<-\EOF
	#!/bin/sh
	# common A B: the percent of B's bytes in zstd frames that A holds too
	# (a frame: from one zstd magic number to the next)
	frames() {
		n=$(wc -c <"$1")
		{ LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$1" | cut -d: -f1; echo "$n"; } | {
			read -r at
			while read -r next; do
				echo "$(tail -c +$((at + 1)) "$1" | head -c $((next - at)) | sha256sum | cut -c1-64) $((next - at))"
				at=$next
			done
		} | LC_ALL=C sort
	}
	frames "$1" >"$1.f"
	frames "$2" >"$2.f"
	LC_ALL=C comm -12 "$1.f" "$2.f" | awk -v n="$(wc -c <"$2")" '{ t += $2 } END { print int(t * 100 / n) }'
EOF
chmod 755 common
mkimage --zstd big2.tar >zj2.tar && ./blob zj2.tar >zj2.zst
testing "--zstd: rsyncable, at least 80% of the blob unchanged after an insertion" \
	"zstd -dc zj2.zst | cmp - big2.tar && p=\$(./common zj1.zst zj2.zst) && [ \$p -ge 80 ] && [ \$p -lt 100 ] && echo rsyncable" \
	"rsyncable\n"
testing "--gzip and --zstd together" "mkimage --gzip --zstd -o out.tar base.tar 2>&1$noout" \
	"mkimage: --gzip and --zstd: choose one\nusage: $(mkimage --help | sed -n 's/^usage: //p')\n2\n0\n"
testing "--zstd with a level out of range, or not a number" \
	"mkimage --zstd=20 -o out.tar base.tar 2>&1 | head -n 1; mkimage --zstd=x -o out.tar base.tar 2>&1 | head -n 1; ls -A | grep -c out.tar" \
	"mkimage: --zstd: out of range 1..19: 20\nmkimage: --zstd: not a number: x\n0\n"
testing "--zstd takes its level only after =" "mkimage --zstd 5 -o out.tar base.tar 2>&1$noout" \
	"mkimage: 5: No such file or directory\n1\n0\n"

# errors: one line, exit 1 (2 for usage), and no output file or temporary left
: >empty
gzip -n -c base.tar >base.tar.gz
head -c 3000 base.tar >trunc.tar
printf '{\n  "config": {\n    "Cmd": ["/init"],,\n  }\n}\n' >bad.json
testing "a missing layer" "mkimage -o out.tar base.tar nope.tar 2>&1$noout" \
	"mkimage: nope.tar: No such file or directory\n1\n0\n"
testing "a layer that is not a tar" "mkimage -o out.tar notes.txt 2>&1$noout" \
	"mkimage: notes.txt: not a tar archive\n1\n0\n"
testing "an empty layer file" "mkimage -o out.tar empty 2>&1$noout" \
	"mkimage: empty: empty file, not a tar archive\n1\n0\n"
testing "a compressed layer" "mkimage -o out.tar base.tar.gz 2>&1$noout" \
	"mkimage: base.tar.gz: compressed; mkimage takes uncompressed layer tars\n1\n0\n"
testing "a truncated layer" "mkimage -o out.tar trunc.tar 2>&1 | sed 's/ (.*)//'; ls -A | grep -c out.tar" \
	"mkimage: trunc.tar: damaged tar archive: Truncated input file\n0\n"
testing "a directory as a layer" "mkimage -o out.tar base 2>&1$noout" \
	"mkimage: base: Is a directory\n1\n0\n"
testing "a FIFO as a layer" "mkfifo fifo && timeout 10 mkimage -o out.tar fifo 2>&1$noout" \
	"mkimage: fifo: a layer must be a regular file\n1\n0\n"
testing "standard input as a layer" "mkimage -o out.tar - 2>&1$noout" \
	"mkimage: -: a layer must be a file, not standard input\n1\n0\n"
testing "invalid JSON in the template: where" "mkimage -c bad.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: bad.json: invalid JSON at line 3, column 22 (byte 37): syntax error while parsing object key - unexpected ','; expected string literal\n1\n0\n"
testing "a template that stops short" "printf '{\"config\": {' >short.json && mkimage -c short.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: short.json: invalid JSON at line 1, column 13 (byte 12): syntax error while parsing object key - unexpected end of input; expected string literal\n1\n0\n"
testing "a template that is not an object" "echo '[1]' >arr.json && mkimage -c arr.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: arr.json: the template must be a JSON object\n1\n0\n"
testing "a template whose config is not an object" "echo '{\"config\": [\"/init\"]}' >cfg.json && mkimage -c cfg.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: cfg.json: \"config\" must be an object\n1\n0\n"
# found by t/fuzz/image_template: an uncaught exception, mkimage aborted
testing "a number too large for a double in the template: where" \
	"printf '{\"config\": {\"Future\": [1,\\n -2.5e373709551615]}}' >big.json && mkimage -c big.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: big.json: invalid JSON at line 2, column 2 (byte 27): number overflow parsing '-2.5e373709551615'\n1\n0\n"
# parsed, then overflowed the stack when the config was copied
testing "a template nested 100,000 deep" \
	"awk 'BEGIN { s = \"{\\\"a\\\": \"; for (i = 0; i < 100000; i++) s = s \"[\"; for (i = 0; i < 100000; i++) s = s \"]\"; print s \"}\" }' >deep.json && mkimage -c deep.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: deep.json: JSON nested more than 1000 levels deep at line 1, column 1006 (byte 1005)\n1\n0\n"
testing "a missing template" "mkimage -c nope.json -o out.tar base.tar 2>&1$noout" \
	"mkimage: nope.json: No such file or directory\n1\n0\n"
testing "a tag in upper case" "mkimage -t Hello -o out.tar base.tar 2>&1$noout" \
	"mkimage: Hello: invalid image name: repository names must be lowercase\n1\n0\n"
testing "a tag with an empty path component" "mkimage -t a//b -o out.tar base.tar 2>&1$noout" \
	"mkimage: a//b: invalid image name: each /-separated part must be [a-z0-9] runs joined by ., _, __ or -\n1\n0\n"
testing "a tag with a bad separator" "mkimage -t a..b -o out.tar base.tar 2>&1$noout" \
	"mkimage: a..b: invalid image name: each /-separated part must be [a-z0-9] runs joined by ., _, __ or -\n1\n0\n"
testing "a tag that starts with -" "mkimage -t a:-x -o out.tar base.tar 2>&1$noout" \
	"mkimage: a:-x: invalid image name: the tag must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -\n1\n0\n"
testing "an empty tag" "mkimage -t a: -o out.tar base.tar 2>&1$noout" \
	"mkimage: a:: invalid image name: the tag must be 1 to 128 of [A-Za-z0-9_.-], not starting with . or -\n1\n0\n"
testing "a digest instead of a tag" "mkimage -t a@sha256:$b -o out.tar base.tar 2>&1$noout" \
	"mkimage: a@sha256:$b: invalid image name: a digest is not a tag\n1\n0\n"
testing "a bad registry host" "mkimage -t -bad.example/a -o out.tar base.tar 2>&1$noout" \
	"mkimage: -bad.example/a: invalid image name: bad registry host '-bad.example'\n1\n0\n"
testing "no layer" "mkimage -o out.tar 2>&1$noout" \
	"mkimage: missing operand\nusage: mkimage [-t NAME[:TAG]] [-c TEMPLATE] [-o FILE] [--id-file FILE] [--gzip | --zstd[=LEVEL]] [-j N] [--no-cache] LAYER ...\n2\n0\n"
testing "no archive to a terminal" "on_tty 'mkimage base.tar; echo \$?' | tr -d '\\r' | sed -n '1p;\$p'" \
	"mkimage: will not write an archive to a terminal: use -o FILE or redirect\n2\n"
testing "-o in a missing directory" "mkimage -o nodir/out.tar base.tar 2>&1; echo \$?" \
	"mkimage: nodir/out.tar: No such file or directory\n1\n"
testing "a full standard output" "mkimage base.tar 2>&1 >/dev/full; echo \$?" \
	"mkimage: standard output: No space left on device\n1\n"
