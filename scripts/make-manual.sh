#!/bin/sh
# Regenerates docs/ptt.1 from the command definitions with
# swift-argument-parser's generate-manual plugin (it builds ptt in release
# mode, a few minutes), then drops the internal commands (`tutor`, the
# default, and `__child`) that `ptt --help` does not list either.
#
# The generator drops every non-ASCII character (so "1…64" read "164"), so
# the page is made a second time from ptt's help dump with each one written
# as a groff escape (\[u2026]), which man shows as the character.
#
#   scripts/make-manual.sh && man -l docs/ptt.1
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift package --disable-sandbox plugin generate-manual >/dev/null
tool=$(find .build -path '*/generate-manual-tool' -type f -perm -u+x | head -1)
work=$(mktemp -d "${TMPDIR:-/tmp}/ptt-manual.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat >"$work/ptt" <<SH
#!/bin/sh
"$root/.build/release/ptt" "\$@" | python3 -c '
import sys
text = sys.stdin.read()
sys.stdout.write("".join(c if ord(c) < 128 else "\\\\\\\\[u%04X]" % ord(c) for c in text))'
SH
chmod +x "$work/ptt"
mkdir "$work/out"
"$tool" "$work/ptt" --output-directory "$work/out" >/dev/null
# The generator writes a backslash as \e: put the escapes back.
sed 's/\\e\[u\([0-9A-F]*\)\]/\\[u\1]/g' "$work/out/ptt.1" >"$work/ptt.1"
scripts/strip-manual.py "$work/ptt.1" >docs/ptt.1
echo "wrote docs/ptt.1"
