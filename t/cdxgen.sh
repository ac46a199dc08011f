# t/cdxgen.sh — cdxgen (the npm registry's @cyclonedx/cdxgen: a CycloneDX
# generator with a validator, cdx-validate), installed once into a cache
# outside the checkout and reused by later runs. Sourced after t/lib.sh.
#
#   cdxgen_install    true when $CDXGEN_BIN holds cdxgen's programs; else
#                     false with the reason in $CDXGEN_WHY
#
# REDOBOX_CACHE (default: $XDG_CACHE_HOME/redobox, else ~/.cache/redobox)
# says where; each version has its own directory.

CDXGEN_VERSION=12.8.4
CDXGEN_DIR=${REDOBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redobox}/cdxgen-$CDXGEN_VERSION
CDXGEN_BIN=$CDXGEN_DIR/node_modules/.bin
CDXGEN_WHY=

cdxgen_install() {
	[ -x "$CDXGEN_BIN/cdx-validate" ] && return 0
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		CDXGEN_WHY="node and npm are not installed"
		return 1
	fi
	_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
	if [ "${_major:-0}" -lt 20 ] 2>/dev/null; then
		CDXGEN_WHY="cdxgen $CDXGEN_VERSION needs Node.js 20 or later; node here is ${_major:-unknown}"
		return 1
	fi
	# installed beside, then renamed: two suites at once, or an interrupted
	# install, never leave a half-made cache
	mkdir -p "$(dirname "$CDXGEN_DIR")" || return 1
	_new=$(mktemp -d "$CDXGEN_DIR.new.XXXXXX") || return 1
	if ! npm install --prefix "$_new" --no-audit --no-fund --loglevel=error \
		"@cyclonedx/cdxgen@$CDXGEN_VERSION" >"$_new.log" 2>&1; then
		CDXGEN_WHY="npm install @cyclonedx/cdxgen@$CDXGEN_VERSION failed: $(tail -n 3 "$_new.log")"
		rm -rf "$_new" "$_new.log"
		return 1
	fi
	rm -f "$_new.log"
	mv -T "$_new" "$CDXGEN_DIR" 2>/dev/null || rm -rf "$_new"
	[ -x "$CDXGEN_BIN/cdx-validate" ]
}
