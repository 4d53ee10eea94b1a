#!/usr/bin/env bash
# Tries issue 14's cases as an attacker would, many variants each, on the
# real binary (real processes, tmux for the terminal), and prints per item
# how many cases were tried and how many held.
#
#     scripts/robustness-sweep.sh                 # release build (built if missing)
#     PTT=.build/debug/ptt scripts/robustness-sweep.sh
#     ITEMS="order dumb" scripts/robustness-sweep.sh   # some items only
#     VERBOSE=1 scripts/robustness-sweep.sh       # say every case
#
# Items: merge, extreme, signals, escapes, files, size, order, dumb.
# A case "holds" when ptt did what the issue asks: nothing lost, no signal
# death, the terminal sane afterwards (stty -a shows icanon and echo), no raw
# control character printed, a clear message naming the file or position.
set -uo pipefail
# SWEEP_ROOT: the package (default: the script's; set it to run a copy of the script).
cd "${SWEEP_ROOT:-$(dirname "$0")/..}"
root=$PWD
export SWIFT_BACKTRACE=interactive=no
if [ -z "${PTT:-}" ]; then
    [ -x .build/release/ptt ] || swift build -c release --product ptt >/dev/null
    PTT=$root/.build/release/ptt
fi
PTT=$(cd "$(dirname "$PTT")" && pwd)/$(basename "$PTT")
lessons=$root/lessons
work=$(mktemp -d "${TMPDIR:-/tmp}/ptt-sweep.XXXXXX")
socket="ptt-sweep-$$"
t() { tmux -L "$socket" -f /dev/null "$@"; }
cleanup() {
    t kill-server 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# A session that stays for the whole run, so the server never exits between cases.
t new-session -d -s keep "sleep 100000"

declare -A tried held
order=()
failures=()
# check ITEM NAME STATUS(0 = held) [DETAIL]
check() {
    local item=$1 name=$2 ok=$3 detail=${4:-}
    [ -n "${tried[$item]+x}" ] || { order+=("$item"); tried[$item]=0; held[$item]=0; }
    tried[$item]=$((tried[$item] + 1))
    if [ "$ok" = 0 ]; then
        held[$item]=$((held[$item] + 1))
        [ -n "${VERBOSE:-}" ] && echo "  held  $item: $name"
    else
        failures+=("$item: $name${detail:+ — $detail}")
        echo "  FAILED $item: $name${detail:+ — $detail}"
    fi
}
wants() { [ -z "${ITEMS:-}" ] || [[ " $ITEMS " == *" $1 "* ]]; }
has_raw_control() { LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$@"; }

# tmux helpers: one session per case, its shell reporting EXIT= and stty -a.
session_n=0
start() { # $1 = command line (run by sh), $2 = width, $3 = height; sets $s
    session_n=$((session_n + 1))
    s="s$session_n"
    t new-session -d -s "$s" -x "${2:-80}" -y "${3:-24}" \
        "sh -c '$1; echo EXIT=\$?; stty -a | tr \"\\n\" \" \"; echo; echo STTY-DONE; sleep 60'"
}
pane() { t capture-pane -p -J -t "$1" -S -200 2>/dev/null; }
wait_for() { # $1 = session, $2 = text (grep -E), $3 = timeout seconds
    local deadline=$((SECONDS + ${3:-10}))
    while [ $SECONDS -lt $deadline ]; do
        pane "$1" | grep -qE "$2" && return 0
        sleep 0.1
    done
    return 1
}
keys() { t send-keys -t "$1" "${@:2}"; }
exit_of() { pane "$1" | grep -oE 'EXIT=[0-9]+' | tail -1 | cut -d= -f2; }
sane_tty() { # the stty -a line after ptt: canonical mode and echo back on
    local line
    line=$(pane "$1" | grep -E ' icanon | -icanon ' | tail -1)
    [[ "$line" == *" icanon "* && "$line" == *" echo "* && "$line" != *" -icanon "* ]]
}
pid_in() { # the ptt process running in session $1
    local shell
    shell=$(t display-message -p -t "$1" '#{pane_pid}')
    pgrep -P "$shell" -x ptt 2>/dev/null | head -1 || true
}
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# A progress file with one real answer and one lesson read (made by ptt).
seed_progress() { # $1 = file
    start "$(q "$PTT") quiz --level beginner --seed 1 --state $(q "$1") --lessons $(q "$lessons")"
    local sn=$s
    wait_for "$sn" "question 1 of" 15 && keys "$sn" Enter && wait_for "$sn" "key points" 10 &&
        keys "$sn" y && wait_for "$sn" "Asked again" 10 && keys "$sn" q && wait_for "$sn" "STTY-DONE" 10
    t kill-session -t "$sn" 2>/dev/null
    [ -f "$1" ]
}
history_count() { python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['quiz']['history']))" "$1" 2>/dev/null || echo -1; }

hint_line() { pane "$1" | grep -v '^ *$' | tail -1; }
answer() { # $1 = session: moves on to the next question if one was answered, answers it
    if hint_line "$1" | grep -q "next"; then
        keys "$1" Enter
        sleep 0.4
    fi
    if hint_line "$1" | grep -qE "1-[0-9] answer"; then
        keys "$1" 1 && wait_for_hint "$1" "next" 10
    else
        keys "$1" Enter && wait_for "$1" "key points" 10 && keys "$1" y && wait_for_hint "$1" "next" 10
    fi
}
wait_for_hint() { # $1 = session, $2 = text in the hint line, $3 = timeout
    local deadline=$((SECONDS + ${3:-10}))
    while [ $SECONDS -lt $deadline ]; do
        hint_line "$1" | grep -qE "$2" && return 0
        sleep 0.1
    done
    return 1
}

# --- 1. two writers on one progress file --------------------------------
if wants merge; then
    echo "== merge: two ptt processes on one progress file"
    for k in 1 2 3; do
        for first in a b; do
            state="$work/merge-$k-$first.json"
            cmd="$(q "$PTT") quiz --level beginner --state $(q "$state") --lessons $(q "$lessons")"
            start "$cmd"; a=$s
            start "$cmd"; b=$s
            wait_for "$a" "question 1 of" 15; wait_for "$b" "question 1 of" 15
            one=$a; two=$b; [ $first = b ] && { one=$b; two=$a; }
            for _ in $(seq "$k"); do answer "$one"; answer "$two"; done
            keys "$one" q; wait_for "$one" STTY-DONE 10
            keys "$two" q; wait_for "$two" STTY-DONE 10
            got=$(history_count "$state")
            [ "$got" = $((2 * k)) ]
            check merge "two quizzes, $k answers each, $first quits first" $? "history $got of $((2 * k))"
            t kill-session -t "$a"; t kill-session -t "$b"
        done
        # An idle ptt open during a quiz, quitting after it.
        state="$work/idle-$k.json"
        start "$(q "$PTT") --state $(q "$state") --lessons $(q "$lessons")"; idle=$s
        wait_for "$idle" "." 10; sleep 1
        start "$(q "$PTT") quiz --level beginner --state $(q "$state") --lessons $(q "$lessons")"; quiz=$s
        wait_for "$quiz" "question 1 of" 15
        for _ in $(seq "$k"); do answer "$quiz"; done
        keys "$quiz" q; wait_for "$quiz" STTY-DONE 10
        keys "$idle" q; sleep 0.5; keys "$idle" q; wait_for "$idle" STTY-DONE 10
        got=$(history_count "$state")
        [ "$got" = "$k" ]
        check merge "idle ptt open while a quiz answers $k, idle quits last" $? "history $got of $k"
        t kill-session -t "$idle"; t kill-session -t "$quiz"
    done
fi

# --- 2. extreme numbers in the progress file -----------------------------
if wants extreme; then
    echo "== extreme: valid progress files with extreme values"
    base="$work/base.json"
    if seed_progress "$base"; then
        i=0
        for spec in \
            "reviews=9223372036854775807" "reviews=-9223372036854775808" "lapses=9223372036854775807" \
            "lapses=-1" "stability=1e300" "stability=-1e300" "stability=1e-320" "difficulty=1e300" \
            "difficulty=-1e300" "runs=9223372036854775807" "runs=-9223372036854775808" \
            "position=9223372036854775807" "position=-9223372036854775808" "version=9223372036854775807" \
            "due=9999-12-31T23:59:59Z" "due=0001-01-01T00:00:00Z" "unknown=1"; do
            i=$((i + 1))
            state="$work/extreme-$i.json"
            python3 - "$base" "$state" "$spec" <<'PY'
import json, sys
src, dst, spec = sys.argv[1:4]
key, value = spec.split("=", 1)
p = json.load(open(src))
def num(v):
    try: return int(v)
    except ValueError:
        try: return float(v)
        except ValueError: return v
v = num(value)
card = next(iter(p["quiz"]["cards"].values()))
if key in ("reviews", "lapses", "due"): card[key] = v
elif key in ("stability", "difficulty"): card.setdefault("memory", {})[key] = v
elif key == "runs": p.setdefault("labs", {})["race"] = {"runs": v}
elif key == "position": p.setdefault("lessons", {})["thread"] = {"read": False, "position": v}
elif key == "version": p["version"] = v
else: p["fromANewerPtt"] = {"keep": True}
text = json.dumps(p)
text = text.replace("1e+300", "1e300")
open(dst, "w").write(text)
PY
            cp "$state" "$state.progress"
            r=0; "$PTT" progress --json --state "$state.progress" --lessons "$lessons" >/dev/null 2>"$work/err" || r=$?
            [ $r -lt 128 ]
            check extreme "ptt progress, $spec" $? "exit $r"
            # Answer a question (arithmetic on the counters), read a lesson at 60 columns, start the race.
            for what in quiz lesson race; do
                case $what in
                quiz) cmd="$(q "$PTT") quiz --level beginner --seed 1 --state $(q "$state") --lessons $(q "$lessons")" ;;
                lesson) cmd="$(q "$PTT") lesson thread --state $(q "$state") --lessons $(q "$lessons")" ;;
                race) cmd="$(q "$PTT") demo race --state $(q "$state") --lessons $(q "$lessons")" ;;
                esac
                cp "$state" "$state.$what"
                start "${cmd//$(q "$state")/$(q "$state.$what")}" 60 20
                wait_for "$s" "." 10; sleep 0.7
                if [ $what = quiz ]; then answer "$s" >/dev/null; fi
                keys "$s" q; sleep 0.3; keys "$s" q
                wait_for "$s" STTY-DONE 15
                e=$(exit_of "$s")
                [ -n "$e" ] && [ "$e" -lt 128 ] && sane_tty "$s" && ! pane "$s" | grep -q "Press space to interact"
                check extreme "$what with $spec" $? "exit ${e:-none}"
                t kill-session -t "$s"
            done
        done
        # Unknown keys survive a save.
        python3 -c "import json,sys; print('fromANewerPtt' in json.load(open(sys.argv[1])))" "$work/extreme-$i.json.lesson" | grep -q True
        check extreme "an unknown key survives a save" $?
    else
        check extreme "making a progress file to mutate" 1 "the seed quiz did not save"
    fi
fi

# --- 3. signals while the screen is up ------------------------------------
if wants signals; then
    echo "== signals: SIGQUIT, SIGXFSZ, SIGTERM, SIGHUP at a full screen, stty -a after"
    for sig in QUIT XFSZ TERM HUP INT; do
        for screen in home lesson ipc; do
            case $screen in
            home) cmd="$(q "$PTT") --state $(q "$work/sig.json") --lessons $(q "$lessons")" ;;
            lesson) cmd="$(q "$PTT") lesson thread --state $(q "$work/sig.json") --lessons $(q "$lessons")" ;;
            ipc) cmd="$(q "$PTT") demo ipc --state $(q "$work/sig.json") --lessons $(q "$lessons")" ;;
            esac
            start "$cmd"
            wait_for "$s" "." 10; sleep 1.2
            pid=$(pid_in "$s")
            children=""
            [ -n "$pid" ] && children=$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ')
            [ -n "$pid" ] && kill -s "$sig" "$pid"
            # Handled like SIGTERM, or ignored while the screen is up: then q quits.
            if ! wait_for "$s" STTY-DONE 4; then keys "$s" q; sleep 0.3; keys "$s" q; wait_for "$s" STTY-DONE 8; fi
            e=$(exit_of "$s")
            sleep 0.3
            left=""
            for c in $children; do kill -0 "$c" 2>/dev/null && left+="$c "; done
            ok=1
            [ -n "$pid" ] && [ -n "$e" ] && sane_tty "$s" && [ -z "$left" ] &&
                ! pane "$s" | grep -qE "Press space to interact|Program crashed" && ok=0
            check signals "SIG$sig at $screen (children: ${children:-none})" $ok "exit ${e:-none}, left ${left:-none}"
            for c in $left; do kill -KILL "$c" 2>/dev/null; done
            t kill-session -t "$s"
        done
    done
    for limit in 0 1; do
        state="$work/xfsz-$limit.json"
        # With a 1-block limit, a progress file already bigger than that (a newer ptt's key).
        [ $limit = 1 ] && python3 -c "import json,sys; json.dump({'version': 1, 'pad': 'x' * 4096}, open(sys.argv[1], 'w'))" "$state"
        start "ulimit -f $limit; $(q "$PTT") lesson thread --state $(q "$state") --lessons $(q "$lessons")"
        wait_for "$s" "." 10; sleep 1; keys "$s" G; sleep 0.3; keys "$s" q; sleep 0.5
        pane "$s" | grep -q STTY-DONE || keys "$s" Enter
        wait_for "$s" STTY-DONE 10
        e=$(exit_of "$s")
        leftover=$(ls -a "$work" | grep -c "\.tmp-" || true)
        [ "$e" = 1 ] && sane_tty "$s" && [ "$leftover" = 0 ]
        check signals "ulimit -f $limit, a save fails: exit 1, terminal sane, no temporary file" $? "exit ${e:-none}, $leftover tmp"
        t kill-session -t "$s"
    done
fi

# --- 4. escape injection ---------------------------------------------------
if wants escapes; then
    echo "== escapes: control characters in titles, text and file names"
    payloads=(
        $'\e]0;pwned\a\e[2J' $'\e[31mred' $'\xc2\x9b31m' $'bell\a' $'back\bspace' $'\x7fdel' $'nul\x01x'
        $'\e]52;c;cHduZWQ=\a' $'cr\rover'
    )
    n=0
    for p in "${payloads[@]}"; do
        n=$((n + 1))
        for where in title body name quiz scenario; do
            d="$work/esc-$n-$where"
            mkdir -p "$d/quiz" "$d/scenarios"
            printf -- '---\nid: good\ntitle: Good\n---\n\nHello.\n' >"$d/01-good.md"
            case $where in
            title) printf -- '---\nid: bad\ntitle: Bad %s\n---\n\nHello.\n' "$p" >"$d/02-bad.md" ;;
            body) printf -- '---\nid: bad\ntitle: Bad\n---\n\nHello %s there.\n' "$p" >"$d/02-bad.md" ;;
            name) printf -- '---\nid: bad\ntitle: Bad\n---\n\nHello.\n' >"$d/02-b${p//\//}.md" ;;
            quiz) printf -- '## good\n\n### Question\n\nWhat %s?\n\n### Answer\n\nThis.\n' "$p" >"$d/quiz/beginner.md" ;;
            scenario) printf -- '---\nid: s\ntitle: S %s\ngoal: final x == 1\nhint: h\n---\n```scenario\nshared x = 0\nthread T\n  inc x\n```\n' "$p" >"$d/scenarios/01-s.md" ;;
            esac
            "$PTT" check "$d" >"$work/o1" 2>&1
            c=$?
            "$PTT" lessons --lessons "$d" >"$work/o2" 2>&1
            "$PTT" lesson good --plain --lessons "$d" >"$work/o3" 2>&1
            "$PTT" lesson bad --plain --lessons "$d" >"$work/o4" 2>&1
            if [ $where = name ]; then
                # A name is no problem in the file; it must only never print raw.
                "$PTT" lesson bad --plain --lessons "$d" >>"$work/o4" 2>&1
                ! has_raw_control "$work/o1" "$work/o2" "$work/o3" "$work/o4"
                check escapes "payload $n in a file name: nothing prints it raw" $? "check exit $c"
                continue
            fi
            reported=0
            grep -qE 'control character' "$work/o1" || reported=1
            [ $c = 1 ] && [ $reported = 0 ] && ! has_raw_control "$work/o1" "$work/o2" "$work/o3" "$work/o4"
            check escapes "payload $n in the $where: check reports it with file:line, nothing prints it raw" $? "check exit $c"
        done
    done
fi

# --- 5. odd things where files should be -----------------------------------
if wants files; then
    echo "== files: FIFO, /dev/zero, loops, directories, huge files"
    run_bounded() { # $@ = command: must end within 10 s, not by a signal, saying something on stderr
        local r=0
        timeout -s KILL 10 "$@" >"$work/out" 2>"$work/err" || r=$?
        echo "$r"
    }
    d="$work/files"; mkdir -p "$d"
    odd() { # (re)makes the odd progress file $1 (ptt may set a damaged one aside)
        rm -rf "${d:?}/$1" "$d/$1".damaged-*
        case $1 in
        fifo) mkfifo "$d/fifo" ;;
        zero) ln -s /dev/zero "$d/zero" ;;
        loop) ln -s "$d/loop" "$d/loop" ;;
        dir) mkdir -p "$d/dir" ;;
        big.json) python3 -c "open('$d/big.json','w').write('{\"x\":\"' + 'a'*(5<<20) + '\"}')" ;;
        esac
    }
    for state in fifo zero loop dir big.json; do
        for cmd in "progress" "progress --json" "lessons"; do
            odd "$state"
            # shellcheck disable=SC2086
            r=$(run_bounded "$PTT" $cmd --state "$d/$state" --lessons "$lessons")
            [ "$r" -lt 128 ] && { [ "$cmd" = lessons ] || [ -s "$work/err" ]; }
            check files "progress file is $state: ptt $cmd" $? "exit $r"
        done
    done
    # The same files as lessons, quiz folders and scenario files.
    for kind in fifo zero; do
        ld="$work/lessons-$kind"; mkdir -p "$ld"
        printf -- '---\nid: good\ntitle: Good\n---\n\nHello.\n' >"$ld/01-good.md"
        if [ $kind = fifo ]; then mkfifo "$ld/02-odd.md"; else ln -s /dev/zero "$ld/02-odd.md"; fi
        for cmd in "lessons" "check $ld" "lesson good --plain"; do
            # shellcheck disable=SC2086
            r=$(run_bounded "$PTT" $cmd --lessons "$ld")
            if [ "$cmd" = "lesson good --plain" ]; then
                [ "$r" = 0 ]
            else
                [ "$r" -lt 128 ] && grep -q "02-odd.md" "$work/out" "$work/err"
            fi
            check files "a lesson that is a $kind: ptt $cmd" $? "exit $r"
        done
        sf="$work/scenario-$kind.md"
        if [ $kind = fifo ]; then mkfifo "$sf"; else ln -s /dev/zero "$sf"; fi
        r=$(run_bounded "$PTT" demo interleave --scenario "$sf" --json --lessons "$lessons")
        [ "$r" -lt 128 ] && [ "$r" != 0 ] && grep -q "not a regular file" "$work/err"
        check files "a scenario file that is a $kind" $? "exit $r"
    done
    ql="$work/lessons-quizloop"; mkdir -p "$ql"
    printf -- '---\nid: good\ntitle: Good\n---\n\nHello.\n' >"$ql/01-good.md"
    ln -s "$ql/quiz" "$ql/quiz"
    r=$(run_bounded "$PTT" check "$ql")
    [ "$r" = 1 ] && grep -qi "loop" "$work/out" "$work/err"
    check files "a quiz folder that is a symlink loop is reported" $? "exit $r"
    sl="$work/lessons-scenarioloop"; mkdir -p "$sl"
    printf -- '---\nid: good\ntitle: Good\n---\n\nHello.\n' >"$sl/01-good.md"
    ln -s "$sl/scenarios" "$sl/scenarios"
    r=$(run_bounded "$PTT" check "$sl")
    [ "$r" = 1 ]
    check files "a scenarios folder that is a symlink loop is reported" $? "exit $r"
    hl="$work/lessons-huge"; mkdir -p "$hl"
    python3 -c "open('$hl/01-huge.md','w').write('---\nid: huge\ntitle: Huge\n---\n\n' + 'word '*(4<<20))"
    r=$(run_bounded "$PTT" check "$hl")
    [ "$r" = 1 ] && grep -q "01-huge.md:1: larger than the 16 MiB limit" "$work/out" "$work/err"
    check files "ptt check: a lesson over the size limit names the file and the limit" $? "exit $r"
    r=$(run_bounded "$PTT" lessons --lessons "$hl")
    [ "$r" -lt 128 ] && grep -q "01-huge.md" "$work/err"
    check files "ptt lessons: a lesson over the size limit is said to be skipped" $? "exit $r"
fi

# --- 6. size: a 10 MB lesson -----------------------------------------------
if wants size; then
    echo "== size: 1, 5 and 10 MB lessons"
    "$PTT" bench lesson --repetitions 3 --json >"$work/bench.json" 2>/dev/null
    python3 - "$work/bench.json" >"$work/bench.txt" <<'PY'
import json, sys
for row in json.load(open(sys.argv[1]))["rows"]:
    print(row["megabytes"], row["firstScreen"], row["firstScreenCPU"], row["resize"], row["resizeCPU"], row["plain"] or 0)
PY
    while read -r mb first firstcpu resize resizecpu plain; do
        echo "  $mb MB: first screen ${first}s (cpu ${firstcpu}s), resize ${resize}s (cpu ${resizecpu}s), --plain ${plain}s"
        # Wall time, each run a new process (the parse and layout use every CPU,
        # so CPU time is above wall time on a machine with more than one).
        python3 -c "import sys; sys.exit(0 if $first < 1 else 1)"
        check size "$mb MB first screen under 1 s" $? "${first}s wall, ${firstcpu}s cpu"
        python3 -c "import sys; sys.exit(0 if $resize < 0.5 else 1)"
        check size "$mb MB resize under 0.5 s" $? "${resize}s wall, ${resizecpu}s cpu"
    done <"$work/bench.txt"
    # --plain on a real 10 MB file: time and peak memory.
    sd="$work/size"; mkdir -p "$sd"
    python3 - "$sd/01-big.md" <<'PY'
import sys
chunk = "## Section {n}\n\nA process has its own address space; **threads** share one, see `x` and [a](https://x.org).\n进程和线程 🧵.\n\n- item `code`\n  - nested\n\n| A | B |\n|---|--:|\n| x | y |\n\n```c\nint main(void) {}\n```\n\n> [!NOTE]\n> A **callout**.\n\n"
with open(sys.argv[1], "w") as f:
    f.write("---\nid: big\ntitle: Big\n---\n\n")
    n = written = 0
    while written < 10_000_000:
        t = chunk.replace("{n}", str(n)); f.write(t); written += len(t.encode()); n += 1
PY
    /usr/bin/time -v "$PTT" lesson big --plain --width 80 --lessons "$sd" >/dev/null 2>"$work/time" || true
    wall=$(grep "Elapsed (wall" "$work/time" | awk '{print $NF}')
    rss=$(grep "Maximum resident" "$work/time" | awk '{print $NF}')
    echo "  10 MB --plain: wall $wall, max RSS $((rss / 1024)) MiB"
    [ "$((rss / 1024))" -lt 600 ]
    check size "10 MB --plain stays under 600 MiB" $? "$((rss / 1024)) MiB"
    # The reader in tmux: first screen, resize to 200x60 and back, place kept.
    start "$(q "$PTT") lesson big --state $(q "$work/size.json") --lessons $(q "$sd")"
    t0=$(date +%s.%N)
    wait_for "$s" "Section 0" 20
    t1=$(date +%s.%N)
    first=$(python3 -c "print(round($t1 - $t0, 2))")
    echo "  10 MB reader in tmux: first screen after $first s (wall, with process start)"
    python3 -c "import sys; sys.exit(0 if $first < 1 else 1)"
    check size "10 MB reader in tmux: first screen under 1 s, process start included" $? "${first}s"
    keys "$s" G; sleep 1.5
    before=$(pane "$s" | grep -oE "[0-9]+ ?%" | tail -1)
    t resize-window -t "$s" -x 200 -y 60; sleep 2; t resize-window -t "$s" -x 80 -y 24; sleep 2
    after=$(pane "$s" | grep -oE "[0-9]+ ?%" | tail -1)
    [ -n "$before" ] && [ "$before" = "$after" ]
    check size "10 MB reader keeps its place over a resize and back ($before → $after)" $?
    keys "$s" q; wait_for "$s" STTY-DONE 10
    t kill-session -t "$s"
fi

# --- 7. --order values -------------------------------------------------------
if wants order; then
    echo "== order: ptt demo interleave --order"
    long="1,1,1,2,2,2,$(python3 -c "print(','.join(['1'] * 16000))")"
    for spec in "|empty|the order is empty|" "|,|step 1|" "|1,,2|step 2|" "|1,2,|step 3|" "| , |step 1|" "|x|step 1|" \
        "|-1|step 1|" "|0|step 1|" "|3|step 1|" "|99999999999999999999|step 1|" "|1,1,1,1|step 4|" \
        "|1;2|step 1|" "|١|step 1|" "|+1|step 1|" "|1,2,x|step 3|" "|1 2|step 1|" "|long|step 7|"; do
        IFS='|' read -r _ value want _ <<<"$spec"
        case $value in empty) value="" ;; long) value=$long ;; esac
        option=("--order=$value")
        [ -z "$value" ] && option=(--order "")
        /usr/bin/time -f "%e %M" -o "$work/otime" "$PTT" demo interleave --scenario lost-update "${option[@]}" --json \
            --lessons "$lessons" >"$work/out" 2>"$work/err"
        r=$?
        read -r secs kib < <(tail -1 "$work/otime")
        label=${value:0:20}; [ ${#value} -gt 20 ] && label="${value:0:12}… (${#value} bytes)"
        [ $r != 0 ] && [ $r -lt 128 ] && grep -q "$want" "$work/err" && ! has_raw_control "$work/err" &&
            python3 -c "import sys; sys.exit(0 if $secs < 2 and $kib < 200000 else 1)"
        check order "--order '$label' is an error naming $want" $? "exit $r, ${secs}s, $((kib / 1024)) MiB: $(head -c 200 "$work/err")"
    done
    "$PTT" demo interleave --scenario lost-update --order "1,2,1,2,1,2" --json --lessons "$lessons" >"$work/out" 2>&1
    r=$?
    [ $r = 0 ] && grep -q '"steps" *: *6' "$work/out"
    check order "a good order replays" $? "exit $r"
fi

# --- 8. TERM=dumb and terminals without cursor addressing --------------------
if wants dumb; then
    echo "== dumb: no full-screen terminal"
    for term in dumb "" unknown-terminal-xyz; do
        for cmd in "" "lesson thread" "quiz" "demo race"; do
            # shellcheck disable=SC2086
            start "TERM=$(q "$term") $(q "$PTT") $cmd --state $(q "$work/dumb.json") --lessons $(q "$lessons") 2>&1"
            wait_for "$s" STTY-DONE 10
            e=$(exit_of "$s")
            msg=$(pane "$s")
            [ "$e" = 2 ] && [[ "$msg" == *"--plain"* ]] && sane_tty "$s"
            check dumb "TERM='$term' ptt $cmd: exit 2 with the commands that work" $? "exit ${e:-none}"
            t kill-session -t "$s"
        done
    done
    TERM=dumb "$PTT" lesson thread --plain --lessons "$lessons" >"$work/out" 2>&1
    check dumb "TERM=dumb ptt lesson thread --plain works" $?
    TERM=dumb "$PTT" demo fork --json --lessons "$lessons" >"$work/out" 2>&1
    check dumb "TERM=dumb ptt demo fork --json works" $?
fi

echo
echo "Robustness sweep on $PTT ($(date -u +%Y-%m-%dT%H:%MZ))"
total_tried=0
total_held=0
for item in "${order[@]}"; do
    printf "  %-8s cases tried %4d, held %4d\n" "$item" "${tried[$item]}" "${held[$item]}"
    total_tried=$((total_tried + tried[$item]))
    total_held=$((total_held + held[$item]))
done
printf "  %-8s cases tried %4d, held %4d\n" "all" "$total_tried" "$total_held"
if [ ${#failures[@]} -gt 0 ]; then
    echo "Did not hold:"
    printf '  %s\n' "${failures[@]}"
    exit 1
fi
