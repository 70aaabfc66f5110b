#!/usr/bin/env bash
# scripts_status over HTTP keep-alive while a synthetic storm of state
# changes runs (`hummel daemon --storm RATE`, benchmark only), for both read
# paths, every storm rate and client count. One round; rows go to
# $BENCH_OUT/storm.tsv:
#   round path rate_requested clients rate_achieved rps p50_us p99_us
#   p999_us errors requests daemon_cpu_s
# Environment: BENCH_OUT, BENCH_ROUND, HUMMEL_BIN (see bench/peers/common.sh),
# STORM_SECONDS (3), STORM_RATES ("0 1000 10000 30000 100000"),
# SCHEDULER (the daemon's CAF scheduler policy; default its own),
# STORM_CLIENTS ("1 16 64"), STORM_PATHS ("view messages floor"; floor:
# `--read-path floor`, the same HTTP server answering a fixed body).
# The daemon runs 100 `sleep 300` (p1..p100); each wrk connection asks for
# p1 (stateless 2026-07-28 requests, bench/e2e/status.lua); the storm
# changes 100 synthetic processes (storm-0..99) round robin.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../peers/common.sh
. "$here/../peers/common.sh"
S=${STORM_SECONDS:-3}
RATES=${STORM_RATES:-0 1000 10000 30000 100000}
CLIENTS=${STORM_CLIENTS:-1 16 64}
PATHS=${STORM_PATHS:-view messages floor}
W=$BENCH_OUT/work/storm
OUTF=$BENCH_OUT/storm.tsv
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    wait_gone "$PID" 60 || kill -KILL "$PID"
  fi
}
trap cleanup EXIT
no_strays
rm -rf "$W"
mkdir -p "$W/rt"
chmod 700 "$W/rt"
export HUMMEL_RUNTIME_DIR=$W/rt
for i in $(seq 100); do
  printf '[processes.p%d]\nargv = ["/usr/bin/sleep", "300"]\n\n' "$i"
done > "$W/hummel.toml"

for rate in $RATES; do
  for path in $PATHS; do
    rm -rf "$W/state" "$W/rt/hummel"
    "$HUMMEL_BIN" daemon --dir "$W" --state-dir "$W/state" --no-output \
      --http 127.0.0.1:0 --read-path "$path" --storm "$rate" \
      ${SCHEDULER:+--scheduler "$SCHEDULER"} 2> "$W/daemon-$path-$rate.log" &
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
    sleep 1.5 # the storm's first report; a settled daemon
    for c in $CLIENTS; do
      mark=$(wc -l < "$W/daemon-$path-$rate.log")
      c0=$(cpu_ticks "$PID")
      res=$(HUMMEL_NAME=p1 wrk -t1 -c"$c" -d"${S}s" -s "$here/status.lua" "$URL" | grep RESULT || true)
      c1=$(cpu_ticks "$PID")
      [ -n "$res" ] || { log "wrk gave no result"; exit 1; }
      # The storm's own count: updates sent per second, over the reports
      # logged during this wrk run.
      achieved=$(tail -n +"$((mark + 1))" "$W/daemon-$path-$rate.log" \
        | sed -n 's/.*storm: requested [0-9]*\/s, sent \([0-9]*\) in \([0-9.]*\) s.*/\1 \2/p' \
        | awk '{ n += $1; t += $2 } END { if (t > 0) printf "%.0f", n / t; else print 0 }')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BENCH_ROUND" \
        "$path" "$rate" "$c" "$achieved" "$(kv rps "$res")" "$(kv p50_us "$res")" \
        "$(kv p99_us "$res")" "$(kv p999_us "$res")" "$(kv errors "$res")" \
        "$(kv requests "$res")" "$(ticks_s "$c0" "$c1")" >> "$OUTF"
      log "  storm $path rate=$rate (achieved $achieved/s) clients=$c: $res"
    done
    kill -TERM "$PID"
    wait_gone "$PID" 60 || { log "daemon did not exit"; exit 1; }
    PID=""
  done
done
