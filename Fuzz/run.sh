#!/usr/bin/env bash
# Builds each parser's libFuzzer target with swiftc -sanitize=fuzzer,address
# against the module's own sources (not the SwiftPM package: the normal build
# is untouched) and runs it on its committed corpus.
#
#     Fuzz/run.sh                    # every target, 60 s each
#     Fuzz/run.sh lesson 300         # one target, 300 s
#     Fuzz/run.sh "quiz progress" 300
#     Fuzz/run.sh build              # build only
#
# Binaries and the corpus grown while fuzzing go to .build-fuzz/ (ignored);
# crashes are written there as crash-* and the script exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."
out=.build-fuzz
mkdir -p "$out"

mapfile -t curriculum < <(find Sources/Curriculum -name '*.swift' | sort)
targets=(lesson quiz progress maps scenario)

sources_for() {
  case "$1" in
    lesson | quiz | progress | scenario) echo "${curriculum[@]}" ;;
    maps) echo Sources/Labs/Memory/MemoryMap.swift ;;
  esac
}

build() {
  local t=$1 src="$out/src-$1"
  # From a snapshot of the sources: an edit during a long build cannot break it.
  rm -rf "$src" && mkdir -p "$src"
  # shellcheck disable=SC2046
  cp $(sources_for "$t") "Fuzz/Targets/$t.swift" "$src/"
  swiftc -O -g -parse-as-library -sanitize=fuzzer,address -use-ld=lld -module-name "Fuzz_$t" \
    "$src"/*.swift -o "$out/fuzz-$t"
}

what=${1:-all}
seconds=${2:-60}
if [ "$what" = build ]; then
  for t in "${targets[@]}"; do build "$t" || exit 1; done
  exit 0
fi
if [ "$what" = all ]; then list=("${targets[@]}"); else read -r -a list <<<"$what"; fi
# Build every target first: a source edited during a long run cannot break a later build.
for t in "${list[@]}"; do build "$t" || exit 1; done
status=0
for t in "${list[@]}"; do
  mkdir -p "$out/corpus-$t"
  echo "== fuzz-$t for ${seconds}s"
  if ! "$out/fuzz-$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$out/$t-" "$out/corpus-$t" "Fuzz/corpus/$t" 2>&1 | tee "$out/fuzz-$t.log" | grep -E '^(#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY|Done)'; then
    :
  fi
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then status=1; echo "== fuzz-$t: CRASH (see $out/fuzz-$t.log)"; fi
done
exit "$status"
