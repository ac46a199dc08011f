#!/bin/sh
# need.t — missing tools are named, present ones are silent.
. "$TOP/t/lib.sh"

testing "all present: silent, exit 0" "need sh ls 2>&1; echo \$?" "0\n"
testing "each missing tool on its own line, exit 1" \
	"need sh no-such-tool-1 ls no-such-tool-2 2>&1; echo \$?" \
	" -- missing tool: no-such-tool-1\n -- missing tool: no-such-tool-2\n1\n"
testing "missing tools go to stderr" "need no-such-tool 2>/dev/null; echo \$?" "1\n"
testing "a path is checked as a path" \
	"printf '#!/bin/sh\n' >x && chmod +x x && : >y && need ./x ./y 2>&1; echo \$?" \
	" -- missing tool: ./y\n1\n"
testing "a non-executable file on PATH does not count" \
	"mkdir bin && : >bin/tool && PATH=\$PWD/bin:\$PATH need tool 2>&1; echo \$?" \
	" -- missing tool: tool\n1\n"
testing "no operand" "need 2>&1; echo \$?" "need: missing operand\nusage: need PROG ...\n2\n"
