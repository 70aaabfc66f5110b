#!/usr/bin/env bash
# The CPU an idle daemon uses: 100 `sleep 300`, nothing asked of it, over
# IDLE_SECONDS (10), for each CAF scheduler policy in SCHEDULERS
# ("stealing sharing").
#   bench/e2e/idle_cpu.sh [HUMMEL_BIN]
set -euo pipefail
bin=$(realpath "${1:-$(dirname "$0")/../../build/hummel}")
secs=${IDLE_SECONDS:-10}
tmp=$(mktemp -d /tmp/hummel-idle-XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
for i in $(seq 1 100); do
  printf '[processes.p%d]\ncommand = "sleep 300"\n' "$i"
done > "$tmp/hummel.toml"
mkdir -m 700 "$tmp/rt"
for policy in ${SCHEDULERS:-stealing sharing}; do
  HUMMEL_RUNTIME_DIR=$tmp/rt "$bin" daemon --dir "$tmp" --state-dir "$tmp/st" \
    --no-output --http off --scheduler "$policy" 2> "$tmp/daemon.log" &
  pid=$!
  sleep 3 # started, every process running
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  sleep "$secs"
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  tick=$((1000 / $(getconf CLK_TCK)))
  echo "idle daemon, 100 processes, $policy: $(( (u1 - u0 + s1 - s0) * tick )) ms CPU in $secs s (user $(( (u1 - u0) * tick )), sys $(( (s1 - s0) * tick )))"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
