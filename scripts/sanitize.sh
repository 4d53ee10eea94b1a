#!/usr/bin/env bash
# Runs the Labs and Curriculum tests under the thread sanitizer and the
# address sanitizer, each in its own scratch folder (.build-tsan, .build-asan)
# so the normal .build stays untouched. Slow: a full instrumented build each.
#
#     scripts/sanitize.sh            # both
#     scripts/sanitize.sh thread     # one
set -uo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=interactive=no
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1 second_deadlock_stack=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0 halt_on_error=1}"

status=0
for sanitizer in "${@:-thread address}"; do
  for s in $sanitizer; do
    short=${s:0:1}san
    echo "== swift test --sanitize=$s (scratch .build-$short)"
    if swift test --sanitize="$s" --scratch-path ".build-$short" --filter 'LabsTests|CurriculumTests'; then
      echo "== $s: passed"
    else
      echo "== $s: FAILED"
      status=1
    fi
  done
done
exit "$status"
