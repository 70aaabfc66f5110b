#!/usr/bin/env bash
# A start of N autostarted `sleep 300`, side by side for several builds:
#   bench/peers/start_cmp.sh N ROUNDS BIN...   (BIN: a build's `hummel`)
# For each round and binary, one daemon (`--http off`) starts N processes;
# printed per run:
#   start: the first and the last child's clone after the daemon's own
#          start, from /proc/<pid>/stat start times (clock ticks, 10 ms),
#          so that nothing polls the machine while it starts;
#   logs:  the wall time of `hummel logs s1 -n 1` (a request a PROCESS
#          actor answers) sent 0.5 s into the start, and how many children
#          were running when it returned;
#   cpu:   the daemon's CPU time by then.
set -euo pipefail
n=${1:-1000}
rounds=${2:-3}
shift 2
tmp=$(mktemp -d /tmp/hummel-start-cmp-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/rt"
export HUMMEL_RUNTIME_DIR=$tmp/rt
for i in $(seq "$n"); do
  printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "300"]\n\n' "$i"
done > "$tmp/hummel.toml"
children() { # PID: its running `sleep` children
  pgrep -P "$1" -x sleep || true
}
one() { # BIN
  local bin=$1 pid s e first last d0 n_at
  rm -rf "$tmp/state" "$tmp/rt/hummel"
  "$bin" daemon --dir "$tmp" --state-dir "$tmp/state" --no-output \
    --http off 2> "$tmp/daemon.log" &
  pid=$!
  sleep 0.5
  s=$(date +%s%N)
  "$bin" logs s1 --dir "$tmp" -n 1 > /dev/null 2>&1 || true
  e=$(date +%s%N)
  n_at=$(children "$pid" | wc -l)
  sleep $((n / 250 + 3))
  d0=$(awk '{print $22}' "/proc/$pid/stat")
  first=$(for c in $(children "$pid"); do awk '{print $22}' "/proc/$c/stat"; done | sort -n | head -1)
  last=$(for c in $(children "$pid"); do awk '{print $22}' "/proc/$c/stat"; done | sort -n | tail -1)
  printf '%s: %d running; start: first +%d ms, last +%d ms; logs at 0.5 s: %d ms (%d running); cpu %s s\n' \
    "$bin" "$(children "$pid" | wc -l)" $(((first - d0) * 10)) $(((last - d0) * 10)) \
    $(((e - s) / 1000000)) "$n_at" "$(awk '{print ($14 + $15) / 100}' "/proc/$pid/stat")"
  kill -TERM "$pid"
  wait "$pid" || true
}
for r in $(seq "$rounds"); do
  for bin in "$@"; do
    one "$bin"
  done
done
