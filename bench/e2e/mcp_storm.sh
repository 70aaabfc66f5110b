#!/usr/bin/env bash
# End-to-end read path under a storm of state changes, both read paths.
#   bench/e2e/mcp_storm.sh [HUMMEL_BIN] [SECONDS]
# 100 `sleep 300` processes + 8 storm processes restarted back to back by
# 4 wrk connections; 64 keep-alive wrk connections call scripts_status for
# one process; then one connection for all 100. Needs wrk (Debian package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/hummel}
secs=${2:-10}
tmp=$(mktemp -d)
trap 'kill $(cat $tmp/pid 2>/dev/null) 2>/dev/null || true; sleep 1; rm -rf $tmp' EXIT
mkdir -m 700 $tmp/rt
{
  for i in $(seq 1 100); do printf '[processes.p%d]\ncommand = "sleep 300"\n\n' $i; done
  for i in $(seq 1 8); do printf '[processes.s%d]\ncommand = "sleep 300"\ngrace_period = "1s"\n\n' $i; done
} > $tmp/hummel.toml
for path in view messages; do
  rm -rf $tmp/state $tmp/rt/hummel
  HUMMEL_RUNTIME_DIR=$tmp/rt $bin daemon --dir $tmp --state-dir $tmp/state \
    --no-output --http 127.0.0.1:0 --read-path $path > $tmp/daemon.log 2>&1 &
  echo $! > $tmp/pid
  for _ in $(seq 1 100); do
    url=$(grep -ho '"http": *"[^"]*"' $tmp/rt/hummel/*.json 2>/dev/null | cut -d'"' -f4 || true)
    [ -n "$url" ] && break; sleep 0.1
  done
  sleep 2 # let the 108 processes start
  wrk -t1 -c4 -d$((secs + 2))s -s $here/restart.lua "$url" > $tmp/storm.out 2>&1 &
  storm=$!
  sleep 1
  one=$(HUMMEL_NAME=p1 wrk -t1 -c64 -d${secs}s -s $here/status.lua "$url" | grep RESULT)
  wait $storm
  calm=$(HUMMEL_NAME=p1 wrk -t1 -c64 -d${secs}s -s $here/status.lua "$url" | grep RESULT)
  all=$(HUMMEL_NAME= wrk -t1 -c1 -d${secs}s -s $here/status.lua "$url" | grep RESULT)
  echo "$path one-of-108 64 clients, storm: $one $(grep STORM $tmp/storm.out)"
  echo "$path one-of-108 64 clients, calm:  $calm"
  echo "$path all-108 1 keep-alive client:  $all"
  kill -TERM $(cat $tmp/pid); wait $(cat $tmp/pid) 2>/dev/null || true
done
