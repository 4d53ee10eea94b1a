#!/bin/sh
# Builds ptt in release mode and installs it with its man page and shell
# completions; or removes what it installed.
#
#   scripts/install.sh                   # into ~/.local (bin/ptt, share/man/man1/ptt.1, completions)
#   scripts/install.sh --prefix /usr/local
#   scripts/install.sh --uninstall [--prefix DIR]
#
# The binary carries the course, so bin/ptt alone is enough to run it.
set -eu
prefix=$HOME/.local
action=install
while [ $# -gt 0 ]; do
    case $1 in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --uninstall) action=uninstall; shift ;;
    -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (expected --prefix DIR or --uninstall)" >&2; exit 2 ;;
    esac
done

bin=$prefix/bin/ptt
man=$prefix/share/man/man1/ptt.1
bash_completion=$prefix/share/bash-completion/completions/ptt
zsh_completion=$prefix/share/zsh/site-functions/_ptt
fish_completion=$prefix/share/fish/vendor_completions.d/ptt.fish

if [ "$action" = uninstall ]; then
    for f in "$bin" "$man" "$bash_completion" "$zsh_completion" "$fish_completion"; do
        if [ -e "$f" ]; then rm -f "$f" && echo "removed $f"; fi
    done
    exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product ptt
install -Dm755 .build/release/ptt "$bin"
install -Dm644 docs/ptt.1 "$man"
mkdir -p "$(dirname "$bash_completion")" "$(dirname "$zsh_completion")" "$(dirname "$fish_completion")"
"$bin" --generate-completion-script bash >"$bash_completion"
"$bin" --generate-completion-script zsh >"$zsh_completion"
"$bin" --generate-completion-script fish >"$fish_completion"
echo "installed $bin, $man and completions for bash, zsh and fish under $prefix/share"
case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) echo "note: $prefix/bin is not on your PATH; add it in your shell's profile" ;;
esac
