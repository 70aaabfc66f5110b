#!/usr/bin/env bash
# tui.sh HUMMEL_BIN: `hummel ui` as a person uses it, under tmux, with the
# installed binaries (issue 14): a project with two long-running processes,
# `hummel up`, then `hummel ui` typed into a shell in a 120x30 tmux pane;
# `j` selects the second process, `x` stops it, `s` starts it again, as
# `capture-pane` shows; change -> screen: `hummel stop` through the CLI,
# capture-pane polled until the row says stopped (p95 over TUI_CHANGES
# changes, default 24; must be <= TUI_P95_LIMIT_MS, default 200);
# resize-window redraws the table at the new size; `hummel down` shows
# "daemon gone, retrying", `hummel up` brings the rows back; `q` (and
# Ctrl-C) leave the shell as it was: alternate screen off, `stty -g` equal.
# The cluster: `hummel monitor` linked to the project's daemon, `hummel ui
# --all-nodes` there shows the nodes line, the NODE column and the project's
# rows; a stop through the CLI reaches it over the link; `x` on a row of
# the other node is refused with the node's reason (no TLS, no remote
# control).
# Needs tmux (`make test` installs it). FIGURE lines are the measurements.
set -euo pipefail
HUMMEL=${1:-}
[ -x "$HUMMEL" ] || { echo "usage: $0 HUMMEL_BIN" >&2; exit 2; }
command -v tmux >/dev/null || { echo "FAIL: tmux is not installed" >&2; exit 1; }
BUILD=$(cd "$(dirname "$HUMMEL")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hummel-tui.XXXXXX")
chmod 700 "$WORK"
PREFIX=$WORK/prefix
P=$WORK/project
mkdir -p "$P" "$WORK/xdg"
chmod 700 "$WORK/xdg"
SOCK=$WORK/tmux.sock
CHANGES=${TUI_CHANGES:-24}
LIMIT=${TUI_P95_LIMIT_MS:-200}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  echo "--- pane ---" >&2
  tmux -S "$SOCK" capture-pane -p -t ui 2>/dev/null >&2 || true
  exit 1
}
h() { (cd "$P" && env PATH="$PREFIX/bin:/usr/bin:/bin" HUMMEL_RUNTIME_DIR="$WORK/xdg" hummel "$@"); }
t() { tmux -S "$SOCK" "$@"; }
pane() { t capture-pane -p -t ui; }
cleanup() {
  local rc=$?
  set +e
  t kill-server >/dev/null 2>&1
  [ -z "$MON_PID" ] || kill "$MON_PID" 2>/dev/null
  h down >/dev/null 2>&1
  if [ "${E2E_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS DESCRIPTION COMMAND...: polls every 20 ms.
wait_for() {
  local secs=$1 what=$2
  shift 2
  local end=$((${EPOCHREALTIME/./} + secs * 1000000))
  until "$@"; do
    [ "${EPOCHREALTIME/./}" -lt "$end" ] || fail "$what (after ${secs} s)"
    sleep 0.02
  done
}
row_says() { pane | grep -Eq "^$1 +$2 "; }
pane_has() { pane | grep -Fq -- "$1"; }
pane_lacks() { ! pane | grep -Fq -- "$1"; }

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
CPORT=$((20000 + RANDOM % 20000))
cat >"$P/hummel.toml" <<TOML
[cluster]
node = "tuiproj"
listen = "127.0.0.1:$CPORT"

[processes.alpha]
command = "sleep 600"

[processes.beta]
command = "sh -c 'echo serving on http://localhost:3999; while :; do echo beat; sleep 1; done'"
TOML
MON_PID=
h up >/dev/null || fail "hummel up"
log "daemon up for $P"

# A plain shell in a 120x30 pane; the user types `hummel ui` into it.
t -f /dev/null new-session -d -s ui -x 120 -y 30 \
  "env -i HOME=$HOME TERM=screen LANG=C.UTF-8 PATH=$PREFIX/bin:/usr/bin:/bin \
   HUMMEL_RUNTIME_DIR=$WORK/xdg PS1='$ ' bash --norc --noprofile"
t set-option -t ui status off >/dev/null
t send-keys -t ui "cd $P && stty -g > $WORK/stty.before" Enter
wait_for 5 "the shell ran stty" test -s "$WORK/stty.before"
t send-keys -t ui "clear" Enter
t send-keys -t ui "hummel ui" Enter
wait_for 10 "the table shows both processes running" \
  eval 'row_says alpha running && row_says beta running'
[ "$(t display -p -t ui '#{alternate_on}')" = 1 ] || fail "no alternate screen"
pane_has "NAME^" || fail "no column titles"
pane_has "q quit" || fail "no help line"
log "ui shows the table"

# Select beta (the second row) and stop it with x, start it with s.
t send-keys -t ui j
wait_for 5 "j selects beta (its log pane)" pane_has "log: beta"
wait_for 5 "beta's log lines" pane_has "beat"
t send-keys -t ui x
wait_for 5 "x stops beta" row_says beta stopped
row_says alpha running || fail "alpha changed too"
t send-keys -t ui s
wait_for 5 "s starts beta" row_says beta running
log "j, x, s: beta stopped and started from the keyboard"

# Change -> screen: the CLI stops alpha; the row says stopped.
lat=()
for i in $(seq "$CHANGES"); do
  t0=${EPOCHREALTIME/./}
  h stop alpha >/dev/null || fail "hummel stop alpha"
  t1=${EPOCHREALTIME/./}
  until row_says alpha stopped; do
    [ $((${EPOCHREALTIME/./} - t0)) -lt 5000000 ] || fail "change $i not on screen in 5 s"
  done
  t2=${EPOCHREALTIME/./}
  lat+=("$(((t2 - t0) / 1000)) $(((t2 - t1) / 1000))")
  h run alpha >/dev/null || fail "hummel run alpha"
  wait_for 5 "alpha running again" row_says alpha running
done
# pct P: the P-th percentile (nearest rank) of the numbers on stdin.
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < NR * p / 100) i++; if (i < 1) i = 1; print v[i] }'; }
p50=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f1 | pct 50)
p95=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f1 | pct 95)
max=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f1 | pct 100)
after95=$(printf '%s\n' "${lat[@]}" | cut -d' ' -f2 | pct 95)
echo "FIGURE tui change->screen (hummel stop started -> capture-pane shows stopped) over $CHANGES changes: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms; from the CLI's return: p95 ${after95} ms"
[ "$p95" -le "$LIMIT" ] || fail "change->screen p95 ${p95} ms > ${LIMIT} ms"

# Resize: the table is drawn again at the new size.
t resize-window -t ui -x 80 -y 20
wait_for 5 "the table at 80 columns" eval '[ "$(pane | wc -L)" -le 80 ] && row_says alpha running && pane_has "NAME^"'
[ "$(pane | wc -l)" -le 20 ] || fail "more than 20 lines after the resize"
# (a message such as "beta started" may hold the bottom line for 5 s)
wait_for 8 "the help line at the bottom after the resize" \
  eval 'pane | tail -n 1 | grep -q "q quit"'

t resize-window -t ui -x 120 -y 30
wait_for 5 "the URL column back at 120 columns" pane_has "http://localhost:3999"
log "resize: redrawn at 80x20 and at 120x30"

# The daemon goes away and comes back.
h down >/dev/null
wait_for 10 "daemon gone shown" pane_has "daemon gone, retrying"
h up >/dev/null
wait_for 10 "resynchronised after the daemon came back" \
  eval 'pane_lacks "daemon gone" && row_says alpha running && row_says beta running'
log "daemon gone, retrying; back after hummel up"

# q quits: the shell is back, as it was.
t send-keys -t ui q
wait_for 5 "the shell after q" eval '[ "$(t display -p -t ui "#{alternate_on}")" = 0 ]'
t send-keys -t ui "stty -g > $WORK/stty.after; echo done-\$?" Enter
wait_for 5 "the shell answers after q" pane_has "done-0"
pane_lacks "NAME^" || fail "the table is left on the screen after q"
pane | grep -q '^\$ hummel ui' || fail "the command line is gone after q"
cmp -s "$WORK/stty.before" "$WORK/stty.after" || fail "terminal modes differ after q"
# Ctrl-C too.
t send-keys -t ui "hummel ui" Enter
wait_for 10 "ui again" row_says alpha running
t send-keys -t ui C-c
wait_for 5 "the shell after Ctrl-C" eval '[ "$(t display -p -t ui "#{alternate_on}")" = 0 ]'
t send-keys -t ui "stty -g > $WORK/stty.ctrlc; echo done-again" Enter
wait_for 5 "the shell answers after Ctrl-C" pane_has "done-again"
cmp -s "$WORK/stty.before" "$WORK/stty.ctrlc" || fail "terminal modes differ after Ctrl-C"
log "q and Ctrl-C leave the terminal as it was"

# The cluster view from a monitor linked to this project's daemon.
M=$WORK/monitor
mkdir -p "$M"
(cd "$M" && exec env PATH="$PREFIX/bin:/usr/bin:/bin" HUMMEL_RUNTIME_DIR="$WORK/xdg" \
  hummel monitor --node mon --http off --peer "127.0.0.1:$CPORT") >"$WORK/monitor.log" 2>&1 &
MON_PID=$!
t send-keys -t ui "clear; hummel ui --all-nodes --dir $M" Enter
cluster_row() { pane | grep -Eq "^$1 +tuiproj +$2 "; }
wait_for 15 "the monitor's ui shows the project's node linked and its rows" \
  eval 'pane_has "nodes:  mon local 0  tuiproj linked 2" && cluster_row alpha running && cluster_row beta running'
pane_has "NODE" || fail "no NODE column in the cluster view"
h stop alpha >/dev/null || fail "hummel stop alpha (cluster)"
wait_for 5 "the stop reaches the monitor's ui over the link" cluster_row alpha stopped
h run alpha >/dev/null || fail "hummel run alpha (cluster)"
wait_for 5 "alpha running again in the cluster view" cluster_row alpha running
t send-keys -t ui g
t send-keys -t ui x
wait_for 5 "x on another node's process is refused with its reason" \
  pane_has "remote control needs an authenticated (TLS)"
cluster_row alpha running || fail "the refused stop changed alpha"
t send-keys -t ui q
wait_for 5 "the shell after q (cluster)" eval '[ "$(t display -p -t ui "#{alternate_on}")" = 0 ]'
kill "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null || true
MON_PID=""
log "cluster: nodes line, NODE column, a stop over the link, a refused remote stop"
echo "PASS tui"
