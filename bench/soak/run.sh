#!/usr/bin/env bash
# `make soak`: the real daemon under a mixed load for SOAK_SECONDS (default
# 600), sampled once a second.
#   bench/soak/run.sh BUILD_DIR [OUT_DIR]
# Load: a 50k lines/s flood process (SOAK_RATE), a restart storm (a process
# that exits every 0.2 s with restart = "always", plus `hummel restart` of
# another every 0.5 s), SOAK_CLIENTS (64) MCP clients calling scripts_status
# over HTTP, 4 log followers (`hummel logs -f`) and `hummel ps` in a loop.
# Writes OUT/soak.csv (t, RSS, fds, threads, calls, p50/p99/max latency,
# errors), OUT/soak.png and OUT/summary.json; prints the summary.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/soak}
here=$(cd "$(dirname "$0")" && pwd)
seconds=${SOAK_SECONDS:-600}
rate=${SOAK_RATE:-50000}
clients=${SOAK_CLIENTS:-64}
hummel=$build/hummel
mkdir -p "$out"
out=$(cd "$out" && pwd)
W=$(mktemp -d /tmp/hummel-soak.XXXXXX)
mkdir -m 700 "$W/rt"
export HUMMEL_RUNTIME_DIR=$W/rt
pids=()
DAEMON=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$DAEMON" ] && kill -0 "$DAEMON" 2>/dev/null; then
    kill -TERM "$DAEMON"
    for _ in $(seq 300); do kill -0 "$DAEMON" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DAEMON" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

cat > "$W/hummel.toml" <<TOML
[daemon]
log_file_max_bytes = 67108864
log_file_count = 2

[processes.flood]
argv = ["/usr/bin/python3", "$here/flood.py", "$rate"]
restart = "always"

[processes.flapper]
command = "echo up; sleep 0.2; exit 1"
restart = "always"
max_restarts = 4294967295

[processes.worker]
command = "echo worker ready; exec sleep 100000"
ready = { log = "worker ready" }

[processes.idle]
argv = ["/usr/bin/sleep", "100000"]
TOML

"$hummel" daemon --dir "$W" --state-dir "$W/state" --no-output \
  --http 127.0.0.1:0 2> "$out/daemon.log" &
DAEMON=$!
URL=""
for _ in $(seq 500); do
  URL=$(grep -ho '"http": *"[^"]*"' "$W"/rt/hummel/*.json 2>/dev/null \
    | cut -d'"' -f4 || true)
  [ -n "$URL" ] && break
  sleep 0.02
done
[ -n "$URL" ] || { echo "soak: the daemon did not start" >&2; cat "$out/daemon.log" >&2; exit 1; }
echo "soak: daemon $DAEMON at $URL for ${seconds}s ($rate lines/s, $clients clients)"

# The restart storm beside the flapper: a `hummel restart` every 0.5 s.
( while :; do "$hummel" --dir "$W" restart worker >/dev/null 2>&1 || true; sleep 0.5; done ) &
pids+=($!)
# `hummel ps` in a loop.
( while :; do "$hummel" --dir "$W" ps >/dev/null 2>&1 || true; sleep 0.2; done ) &
pids+=($!)
# Log followers: three on the flood, one on the flapper.
for name in flood flood flood flapper; do
  "$hummel" --dir "$W" logs -f "$name" >/dev/null 2>&1 &
  pids+=($!)
done

/usr/bin/python3 "$here/soak.py" "$URL" "$DAEMON" "$seconds" "$out/soak.csv" \
  "$clients" | tee "$out/summary.json"
kill -0 "$DAEMON" || { echo "soak: the daemon died" >&2; exit 1; }
if command -v gnuplot >/dev/null; then
  gnuplot -e "csv='$out/soak.csv'; png='$out/soak.png'" "$here/plot.gp" \
    && echo "soak: plot $out/soak.png"
fi
