#!/usr/bin/env bash
# The read path without a storm: a daemon with 100 `sleep 300` (p1..p100),
# then wrk with bench/e2e/status.lua: one process (p1) with 16 keep-alive
# clients, and the whole listing (no name) from one persistent client.
# Prints wrk's RESULT lines and the daemon's CPU per request. Environment: HUMMEL_BIN, BENCH_OUT (see
# bench/peers/common.sh), READ_SECONDS (5), READ_PATH (view), READ_EXTRA
# (more daemon flags; READ_PATH=floor gives the fixed-body floor),
# READ_CLIENTS (16: the clients of the one-process case).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../peers/common.sh
. "$here/../peers/common.sh"
S=${READ_SECONDS:-5}
W=$BENCH_OUT/work/read
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    wait_gone "$PID" 60 || kill -KILL "$PID"
  fi
}
trap cleanup EXIT
rm -rf "$W"
mkdir -p "$W/rt"
chmod 700 "$W/rt"
export HUMMEL_RUNTIME_DIR=$W/rt
for i in $(seq 100); do
  printf '[processes.p%d]\nargv = ["/usr/bin/sleep", "300"]\n\n' "$i"
done > "$W/hummel.toml"
# shellcheck disable=SC2086 # READ_EXTRA is a list of flags
"$HUMMEL_BIN" daemon --dir "$W" --state-dir "$W/state" --no-output \
  --http 127.0.0.1:0 --read-path "${READ_PATH:-view}" ${READ_EXTRA:-} \
  2> "$W/daemon.log" &
PID=$!
register "$PID" hummel "$W"
URL=""
for _ in $(seq 300); do
  URL=$(grep -ho '"http": *"[^"]*"' "$W"/rt/hummel/*.json 2>/dev/null | cut -d'"' -f4 || true)
  [ -n "$URL" ] && break
  sleep 0.01
done
[ -n "$URL" ] || { log "no runtime file"; exit 1; }
wait_sleepers "$PID" 100 60
sleep 1
# run LABEL NAME CLIENTS: one wrk run; prints its RESULT and the daemon's
# CPU (utime + stime) per request.
run() {
  local c0 c1 res req
  c0=$(cpu_ticks "$PID")
  res=$(HUMMEL_NAME=$2 wrk -t1 -c"$3" -d"${S}s" -s "$here/status.lua" "$URL" | grep RESULT)
  c1=$(cpu_ticks "$PID")
  req=$(kv requests "$res")
  echo "$1: $res daemon_cpu_us_per_request=$(awk -v a="$c0" -v b="$c1" \
    -v n="$req" -v h="$(clk_tck)" 'BEGIN { printf "%.0f", (b - a) / h * 1e6 / n }')"
}
C=${READ_CLIENTS:-16}
run "one process, $C clients" p1 "$C"
run "list of 100, 1 persistent client" '' 1
