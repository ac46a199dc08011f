#!/bin/sh
# kvmmem.t — memory for an initrd: whole MiB x3 + 64.
. "$TOP/t/lib.sh"

testing "an empty file" ": >e && kvmmem e" "64M\n"
testing "just under 1 MiB" "head -c 1048575 /dev/zero >f && kvmmem f" "64M\n"
testing "2.5 MiB (the cookbook's libs.initrd)" "head -c 2621440 /dev/zero >f && kvmmem f" "70M\n"
testing "100 MiB, sparse" "truncate -s 100M f && kvmmem f" "364M\n"
testing "a missing file" "kvmmem nope 2>&1; echo \$?" "kvmmem: nope: No such file or directory\n1\n"
testing "a directory" "mkdir d && kvmmem d 2>&1; echo \$?" "kvmmem: d: Is a directory\n1\n"
testing "no operand" "kvmmem 2>&1; echo \$?" "kvmmem: missing operand\nusage: kvmmem FILE\n2\n"
testing "two operands" "kvmmem a b 2>&1; echo \$?" "kvmmem: extra operand: b\nusage: kvmmem FILE\n2\n"
