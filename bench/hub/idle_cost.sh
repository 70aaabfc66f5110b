#!/usr/bin/env bash
# What an idle daemon costs, for one or more builds side by side: 100
# `sleep 300`, `hummel up`, 3 s to settle, then RSS, threads and the CPU
# the daemon used over 10 s (from /proc). Each build gets its own runtime
# folder.
#   bench/hub/idle_cost.sh BUILD_DIR [BUILD_DIR ...]
set -euo pipefail
for b in "$@"; do
  W=$(mktemp -d)
  mkdir -p "$W/rt" "$W/p"
  for i in $(seq 100); do
    printf '[processes.p%d]\ncommand = "sleep 300"\n' "$i" >>"$W/p/hummel.toml"
  done
  export HUMMEL_RUNTIME_DIR=$W/rt
  "$b/hummel" up --dir "$W/p" --http off --json >"$W/up.json"
  pid=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['pid'])" "$W/up.json")
  sleep 3
  t0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  sleep 10
  t1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  tick=$(getconf CLK_TCK)
  echo "$b: RSS $(awk '/VmRSS/{print $2}' "/proc/$pid/status") kB," \
    "threads $(awk '/Threads/{print $2}' "/proc/$pid/status")," \
    "CPU $(( (t1 - t0) * 1000 / tick )) ms / 10 s"
  "$b/hummel" down --dir "$W/p" >/dev/null
  rm -rf "$W"
done
