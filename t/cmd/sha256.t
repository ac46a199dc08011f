#!/bin/sh
# sha256.t — digests of stdin and files, the several-files form, errors.
. "$TOP/t/lib.sh"

empty=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
abc=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad

testing "standard input" "sha256" "$abc\n" "abc"
testing "empty input" "sha256 </dev/null" "$empty\n"
testing "one file: a bare hex line" "printf abc >f && sha256 f" "$abc\n"
testing "- is standard input" "sha256 -" "$abc\n" "abc"
testing "several files: lines sha256sum -c accepts" \
	"printf abc >a && : >e && sha256 a e >sums && cat sums && sha256sum -c sums" \
	"$abc  a\n$empty  e\na: OK\ne: OK\n"
testing "agrees with sha256sum on 50 MB" \
	"head -c 50000000 /dev/urandom >r && sha256 r >mine && sha256sum r | cut -d' ' -f1 | cmp - mine && echo same" \
	"same\n"
testing "a directory is an error" "mkdir d && sha256 d 2>&1; echo \$?" "sha256: d: Is a directory\n1\n"
testing "a missing file is an error" "sha256 nope 2>&1; echo \$?" "sha256: nope: No such file or directory\n1\n"
testing "an unknown option" "sha256 -x 2>&1; echo \$?" "sha256: unknown option: -x\nusage: sha256 [FILE ...]\n2\n"
testing "a full standard output" "sha256 </dev/null >/dev/full 2>&1; echo \$?" "1\n"
