#!/usr/bin/env bash
# Check the one-folder build (make dist) as a user without Python would run it:
# from a folder outside the checkout, list the lessons, export one, and start
# the app offscreen for a few seconds with training on; then ask it to quit.
#
#   tools/dist_check.sh [BINARY]      (default dist/bnviz/bnviz)
#
# Prints the folder's size, the time to run --version (bootloader and
# interpreter start) and the time from launch to the training worker process
# (the window is up and its lab's bridge has started). Run by `make dist-check`.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
bin=$(realpath "${1:-dist/bnviz/bnviz}")
[[ -x $bin ]] || { echo "dist-check: FAILED: no binary at $bin (run make dist)" >&2; exit 1; }
fail() { echo "dist-check: FAILED: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { printf '%d.%02d' $(( $1 / 1000 )) $(( $1 % 1000 / 10 )); }   # milliseconds -> "S.cc"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bnviz-dist-check.XXXXXX")
app_pid=
cleanup() {
  [[ -n $app_pid ]] && kill -KILL "$app_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$tmp/config   # the app's QSettings go here, not to ~/.config

echo "dist-check: $(dirname "$bin") is $(du -sm "$(dirname "$bin")" | cut -f1) MiB"
want=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$src/bnviz/__init__.py")
t0=$(now_ms)
got=$("$bin" --version)
t1=$(now_ms)
[[ $got == "bnviz $want" ]] || fail "--version says '$got', the source is $want"
echo "dist-check: --version in $(secs $(( t1 - t0 ))) s"

n_files=$(find "$src/bnviz/resources/presets" -name '*.json' | wc -l)
n_listed=$("$bin" --list-presets | grep -cE '^[HBSF][0-9] ' || true)
(( n_listed >= 19 && n_listed == n_files )) || fail "--list-presets listed $n_listed lessons; the source has $n_files"
echo "dist-check: --list-presets lists $n_listed lessons"

# B8 trains on the digits: the bundled data set must be in the folder too.
"$bin" export b8-bn-paper-figure1 --steps 1 --out out-b8 > export.txt 2> export.err \
  || { cat export.txt export.err >&2; fail "export b8-bn-paper-figure1 exited non-zero"; }
n_png=$(find out-b8 -name '*.png' -size +1k | wc -l)
(( n_png > 0 )) || fail "export b8-bn-paper-figure1 wrote no PNG"
echo "dist-check: export b8-bn-paper-figure1: $(cat export.txt) ($n_png PNG)"

kids_of() { ps -o pid= --ppid "$1" | tr -d ' ' || true; }
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null || true); [[ -n $st && $st != Z* ]]; }   # a zombie is gone

t0=$(now_ms)
"$bin" --preset b2-bn-histograms --play > app.out 2> app.err &
app_pid=$!
# Linux: the app starts a fork server, which forks the lab's training process:
# a grandchild of the app means the window is up and training has started.
procs=
for _ in $(seq 1 300); do
  kill -0 "$app_pid" 2>/dev/null || { cat app.err >&2; fail "the app exited at start-up"; }
  kids=$(kids_of "$app_pid")
  grandkids=$(for k in $kids; do kids_of "$k"; done)
  if [[ -n $grandkids ]]; then procs="$kids $grandkids"; break; fi
  sleep 0.1
done
[[ -n $procs ]] || fail "no training process in 30 s"
t1=$(now_ms)
echo "dist-check: launch to training process in $(secs $(( t1 - t0 ))) s"
sleep 5
kill -0 "$app_pid" 2>/dev/null || { cat app.err >&2; fail "the app died while training"; }
if grep -q Traceback app.err; then cat app.err >&2; fail "the app printed a traceback"; fi
kill -TERM "$app_pid"
for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not quit within 10 s of SIGTERM"
wait "$app_pid" || true
app_pid=
left=
for _ in $(seq 1 100); do   # the worker processes notice the app is gone and end
  left=$(for p in $procs; do alive "$p" && echo "$p"; done || true)
  [[ -z $left ]] && break
  sleep 0.1
done
[[ -z $left ]] || fail "processes $(echo $left) outlived the app by 10 s"
echo "dist-check: OK (started, trained 5 s, quit on SIGTERM, its $(wc -w <<<"$procs") worker processes ended)"
