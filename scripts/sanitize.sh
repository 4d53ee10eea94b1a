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
# Synchronization.Mutex on Linux locks with futex(2) inside the (uninstrumented)
# standard library, so TSan cannot see it and reports every access under it as
# a race; scripts/tsan-suppressions.txt names those functions, nothing else.
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0 second_deadlock_stack=1 handle_segv=0 handle_sigbus=0 suppressions=$PWD/scripts/tsan-suppressions.txt}"
# handle_segv=0 (both): the crash lab's children must die of SIGSEGV as they do
# without ASan, not be caught by ASan's handler and exit 1.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0 halt_on_error=1 handle_segv=0 handle_sigbus=0}"

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
