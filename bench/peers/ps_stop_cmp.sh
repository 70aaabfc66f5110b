#!/usr/bin/env bash
# `hummel ps` of N autostarted `sleep 3000` and the daemon's stop (SIGTERM
# until it exited), for one or more builds, one after the other:
#   ps_stop_cmp.sh N BUILD_DIR...
# e.g. a build of the commit before a change and one of the change:
#   git worktree add /tmp/old <commit> && cmake -S /tmp/old -B /tmp/old/build \
#     -DCMAKE_BUILD_TYPE=Release && make -C /tmp/old/build hummel hummel-daemon
#   bench/peers/ps_stop_cmp.sh 5000 /tmp/old/build build
# Prints per build: processes running, daemon RSS, 30 `hummel ps` (min,
# median, max ms), one run's CPU and max RSS, the stop's seconds.
set -u
N=$1; shift
for B in "$@"; do
  B=$(cd "$B" && pwd)
  v=$(basename "$(dirname "$B")")-$(basename "$B")
  D=${TMPDIR:-/tmp}/ps_stop_cmp-$N-$v; rm -rf "$D"; mkdir -p "$D/rt"; chmod 700 "$D/rt"
  for i in $(seq "$N"); do printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "3000"]\n\n' "$i"; done > "$D/hummel.toml"
  export HUMMEL_RUNTIME_DIR="$D/rt"
  "$B/hummel" daemon --dir "$D" --state-dir "$D/state" --no-output \
    --http 127.0.0.1:0 2> "$D/daemon.log" &
  P=$!
  for _ in $(seq 120); do n=$(pgrep -c -f "sleep 3000"); [ "$n" -ge "$N" ] && break; sleep 0.5; done
  sleep 3
  echo "$v: $(pgrep -c -f "sleep 3000") running, daemon rss $(awk '/VmRSS/{print $2}' "/proc/$P/status") kB"
  python3 "$(dirname "$0")/lat.py" 30 "$B/hummel" ps --dir "$D" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("  ps: min %.1f median %.1f max %.1f ms" % (d["min_ms"], d["median_ms"], d["max_ms"]))'
  /usr/bin/time -f "  one run: %e s wall, %U user %S sys, max rss %M kB" "$B/hummel" ps --dir "$D" > "$D/ps.txt"
  echo "  output $(wc -c < "$D/ps.txt") bytes, $(wc -l < "$D/ps.txt") lines"
  t0=$(date +%s.%N); kill -TERM "$P"; wait "$P"; t1=$(date +%s.%N)
  echo "  stop: $(echo "$t1 - $t0" | bc) s"
done
