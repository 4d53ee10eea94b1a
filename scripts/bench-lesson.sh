#!/bin/sh
# Times `ptt lesson ID --plain` on a generated lesson of a given size (default
# 10 MB): parsing and layout must stay linear in the size of the lesson.
#
#   scripts/bench-lesson.sh            # 10 MB, release build
#   scripts/bench-lesson.sh 1 debug    # 1 MB, debug build
#
# Prints the lesson size, wall time and peak memory (from /usr/bin/time), and
# the time for half and a tenth of the size so a quadratic step shows.
# The reader's own figures (load, layout, first screen, resize; wall and CPU,
# for 1, 5 and 10 MB) come from `ptt bench lesson`, in process.
set -eu
size_mb=${1:-10}
config=${2:-release}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${SKIP_BUILD:-}" != 1 ]; then
    swift build -c "$config" --product ptt >/dev/null
fi
ptt=$root/.build/$config/ptt
work=$(mktemp -d "${TMPDIR:-/tmp}/ptt-bench-lesson.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A lesson of every block kind (headings, paragraphs with markup, lists, a
# table, fenced code with tabs, a callout, a quote, a rule): the same text
# `ptt bench lesson` times, written by the binary itself.
generate() { # $1 = MB, $2 = file
    "$ptt" bench lesson --sizes "$1" --write-lesson "$2"
}

measure() { # $1 = MB (may be fractional)
    mkdir -p "$work/$1"
    generate "$1" "$work/$1/01-big.md"
    last="$work/$1"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$ptt" lesson big --plain --width 80 --lessons "$work/$1" >"$work/out"
    read -r seconds kib user sys <"$work/time"
    printf "%8s MB  %7s s wall  %7s s cpu  %7s MiB peak  %s lines out\n" "$1" "$seconds" "$(python3 -c "print(round($user + $sys, 2))")" "$((kib / 1024))" "$(wc -l <"$work/out")"
}

echo "ptt lesson --plain ($config build)"
for mb in $(python3 -c "s=float('$size_mb'); print(s/10, s/2, s)"); do
    measure "$mb"
done

# The reader in tmux: time to the first screen, then to a redraw after a resize.
if command -v tmux >/dev/null; then
    session=bench
    t() { tmux -L "ptt-bench-$$" -f /dev/null "$@"; }
    now() { python3 -c 'import time; print(time.monotonic())'; }
    pane() { t capture-pane -p -t "$session" 2>/dev/null || echo "ptt exited"; }
    start=$(now)
    t new-session -d -s "$session" -x 80 -y 24 \
        "sh -c \"'$ptt' lesson big --lessons '$last' --state '$work/state.json'; sleep 30\""
    until pane | grep -q "Section 0\|ptt exited"; do sleep 0.02; done
    first=$(now)
    before=$(pane)
    t resize-window -t "$session" -x 120 -y 30
    resized=$(now)
    until [ "$(pane)" != "$before" ] && pane | grep -q "Section\|ptt exited"; do sleep 0.02; done
    redrawn=$(now)
    t kill-server
    python3 -c "print('reader, %s MB: first screen %.2f s, resize redraw %.2f s' % ('$size_mb', $first - $start, $redrawn - $resized))"
fi
