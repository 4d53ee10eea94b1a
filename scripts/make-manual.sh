#!/bin/sh
# Regenerates docs/ptt.1 from the command definitions with
# swift-argument-parser's generate-manual plugin (it builds ptt in release
# mode, a few minutes), then drops the internal commands (`tutor`, the
# default, and `__child`) that `ptt --help` does not list either.
#
#   scripts/make-manual.sh && man -l docs/ptt.1
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift package --disable-sandbox plugin generate-manual >/dev/null
scripts/strip-manual.py .build/plugins/GenerateManual/outputs/ptt/ptt.1 >docs/ptt.1
echo "wrote docs/ptt.1"
