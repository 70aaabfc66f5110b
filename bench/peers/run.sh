#!/usr/bin/env bash
# The side-by-side benchmark: hummel, supervisord and PM2 in one run, one
# after another, plus hummel against itself (view cell vs message passing).
# `make bench` builds build-bench/ (Release), installs the peers and runs
# this; then bench/peers/report.py writes docs/BENCHMARKS.md's generated
# section and docs/plots/*.png.
#
#   bench/peers/run.sh
# Environment:
#   BENCH_ROUNDS=5        rounds of the 100-process cases
#   BENCH_QUICK=1         a ~3-minute smoke run (1 round, fewer cases)
#   BENCH_OUT             results folder (default build-bench/results)
#   BENCH_STORM_ROUNDS=2  rounds of the storm matrix
#   BENCH_SCALE_ROUNDS=2  rounds of hummel at 1,000 and the peers at 500
#   BENCH_SCALE_BIG=10000 the large hummel scale case (0 = skip)
#   BENCH_TREE_ROUNDS=1   rounds of the tree-cleanup case
#   BENCH_CLUSTER_ROUNDS=2 rounds of the cluster (bench/cluster/cluster_bench.sh:
#                         16 nodes x 100 processes and a monitor; 0 = skip)
#   CC=cc                 builds bench/peers/spawn_floor.c (the spawn floor)
# Every process it starts carries BENCH_TAG in its environment; on exit
# (normal or not) everything still alive with that tag is stopped, and the
# run fails if anything had to be.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
HERE=$BENCH_ROOT/bench/peers
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
  ROUNDS=${BENCH_ROUNDS:-1}
  STORM_ROUNDS=${BENCH_STORM_ROUNDS:-1}
  SCALE_ROUNDS=${BENCH_SCALE_ROUNDS:-1}
  SCALE_BIG=${BENCH_SCALE_BIG:-0}
  TREE_ROUNDS=${BENCH_TREE_ROUNDS:-1}
  CLUSTER_ROUNDS=${BENCH_CLUSTER_ROUNDS:-1}
  CLUSTER_SHAPE=(4 25 40)
  export STORM_SECONDS=${STORM_SECONDS:-2}
  export STORM_RATES=${STORM_RATES:-0 10000 100000}
  export STORM_CLIENTS=${STORM_CLIENTS:-1 64}
  MICRO_ARGS=(--benchmark_min_time=0.05 --benchmark_repetitions=1)
  SCALE_PEERS=0
else
  ROUNDS=${BENCH_ROUNDS:-5}
  STORM_ROUNDS=${BENCH_STORM_ROUNDS:-2}
  SCALE_ROUNDS=${BENCH_SCALE_ROUNDS:-2}
  SCALE_BIG=${BENCH_SCALE_BIG:-10000}
  TREE_ROUNDS=${BENCH_TREE_ROUNDS:-1}
  CLUSTER_ROUNDS=${BENCH_CLUSTER_ROUNDS:-2}
  CLUSTER_SHAPE=(16 100 400)
  export STORM_SECONDS=${STORM_SECONDS:-3}
  MICRO_ARGS=(--benchmark_min_time=0.2 --benchmark_repetitions=5)
  SCALE_PEERS=1
fi

for tool in "$HUMMEL_BIN" "$(dirname "$HUMMEL_BIN")/hummel-spawn" \
  "$BENCH_ROOT/build-bench/bench/hummel_bench" \
  "$PEERS_DIR/node_modules/.bin/pm2"; do
  [ -x "$tool" ] || { log "missing $tool (run make bench)"; exit 1; }
done
for tool in supervisord supervisorctl wrk curl node gnuplot; do
  command -v "$tool" > /dev/null || { log "missing $tool (run make bench)"; exit 1; }
done
# Leftovers of an earlier, killed run carry some other BENCH_TAG.
if $PY - << 'PY'
import os, sys
for d in os.listdir("/proc"):
    if d.isdigit() and int(d) != os.getpid():
        try:
            env = open(f"/proc/{d}/environ", "rb").read()
        except OSError:
            continue
        if b"BENCH_TAG=hb-" in env and b"BENCH_TAG=" + os.environ["BENCH_TAG"].encode() not in env:
            sys.exit(0)
sys.exit(1)
PY
then
  log "processes of an earlier benchmark run are still alive (BENCH_TAG in their environment); stop them first"
  exit 1
fi

rm -rf "$BENCH_OUT"
mkdir -p "$BENCH_OUT/logs" "$BENCH_OUT/work"
: > "$BENCH_PIDS"
ulimit -n "$(ulimit -Hn)"

# Stops whatever this run started and is still alive: first the daemons'
# own way, then any process carrying this run's tag.
final_cleanup() {
  local rc=$? pid kind extra
  trap - EXIT INT TERM
  while read -r pid kind extra; do
    kill -0 "$pid" 2>/dev/null || continue
    log "cleanup: stopping $kind $pid"
    case $kind in
      pm2) PM2_HOME=$extra "$PEERS_DIR/node_modules/.bin/pm2" kill > /dev/null 2>&1 || true ;;
      supervisord) supervisorctl -c "$extra" stop all > /dev/null 2>&1 || true ;;
    esac
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
  done < "$BENCH_PIDS"
  local pat='sleep 30[0-3]|supervisord|PM2|pm2|hummel daemon|/usr/bin/seq|http\.server|wrk |hummel_bench'
  local left
  left=$(ours "$pat" || true)
  if [ -n "$left" ]; then
    log "cleanup: still alive, ending them:"
    printf '%s\n' "$left" >&2
    # shellcheck disable=SC2046 # a list of pids
    kill -TERM $(cut -f1 <<<"$left") 2>/dev/null || true
    sleep 2
    left=$(ours "$pat" || true)
    # shellcheck disable=SC2046
    [ -z "$left" ] || kill -KILL $(cut -f1 <<<"$left") 2>/dev/null || true
    if [ "$rc" -eq 0 ]; then rc=1; fi
  fi
  left=$(ours "$pat" || true)
  if [ -z "$left" ]; then
    log "check: no process of this run is left (no daemon, no child)"
    echo "clean" > "$BENCH_OUT/cleanup.txt"
  else
    log "check FAILED: left alive:"
    printf '%s\n' "$left" >&2
    printf 'left:\n%s\n' "$left" > "$BENCH_OUT/cleanup.txt"
    rc=1
  fi
  exit "$rc"
}
trap final_cleanup EXIT
trap 'exit 130' INT TERM

# run_case LOG CMD...: one case; a failure is logged and remembered, and
# the run goes on with the next case (the exit code tells at the end).
FAILED=""
run_case() {
  local logf=$BENCH_OUT/logs/$1
  shift
  if ! "$@" 2>&1 | tee -a "$logf" >&2; then
    log "FAILED: $* (round $BENCH_ROUND); see $logf"
    printf '%s\t%s\n' "$BENCH_ROUND" "$*" >> "$BENCH_OUT/failed.tsv"
    FAILED=1
  fi
}

# busy_now: processes not of this run that used >= 5 % of a core over
# the last second (what else was running).
busy_now() {
  top -b -n 2 -d 1 -w 200 2>/dev/null | awk '
    /^top -/ { n++ } n == 2 && $1 ~ /^[0-9]+$/ && $9 + 0 >= 5 { printf "%s %s(%s%%) ", $1, $12, $9 }' \
    | tr ' ' '\n' | paste - - | while read -r pid what; do
      [ -n "$pid" ] || continue
      tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -q "^BENCH_TAG=$BENCH_TAG$" && continue
      printf '%s ' "$what"
    done
}

phase() { # NAME: marks the start of a phase (time, load, other busy processes)
  printf '%s\t%s\t%s\t%s\n' "$1" "$(date +%s.%N)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(busy_now)" >> "$BENCH_OUT/phases.tsv"
  log "== $1"
}
phase start

# The machine and the versions, for the report.
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "cores=$(nproc)"
  echo "mem_gib=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel=$(uname -r)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "supervisor=$(supervisord --version)"
  # (from package.json: `pm2 --version` would start a God daemon)
  echo "pm2=$(node -p "require('$PEERS_DIR/node_modules/pm2/package.json').version")"
  echo "node=$(node --version)"
  echo "python=$($PY --version 2>&1 | cut -d' ' -f2)"
  echo "curl=$(curl --version | head -1 | cut -d' ' -f2)"
  echo "wrk=$(wrk -v 2>&1 | head -1 | cut -d' ' -f2 || true)"
  echo "gnuplot=$(gnuplot --version | cut -d' ' -f2-)"
  echo "compiler=$(c++ --version | head -1)"
  echo "caf=$(dpkg-query -W -f='${Version}' libcaf-dev 2>/dev/null || true)"
  echo "hummel_commit=$(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "hummel_dirty=$(git -C "$BENCH_ROOT" status --porcelain 2>/dev/null | grep -c . || true)"
  echo "rounds=$ROUNDS"
  echo "storm_rounds=$STORM_ROUNDS"
  echo "storm_seconds=$STORM_SECONDS"
  echo "scale_rounds=$SCALE_ROUNDS"
  echo "tree_rounds=$TREE_ROUNDS"
  echo "cluster_rounds=$CLUSTER_ROUNDS"
  echo "cluster_shape=${CLUSTER_SHAPE[*]}"
  echo "quick=$QUICK"
  echo "ulimit_n=$(ulimit -n)"
  echo "command=${BENCH_COMMAND:-bench/peers/run.sh}"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  # Anything else busy on the machine at the start (not this run).
  echo "busy_at_start=$(busy_now)"
} > "$BENCH_OUT/meta.txt"

# curl's own floor: a 3-byte file from python3 -m http.server.
mkdir -p "$BENCH_OUT/work/floor"
printf 'ok\n' > "$BENCH_OUT/work/floor/f"
FLOOR_PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$BENCH_OUT/work/floor" && exec $PY -m http.server "$FLOOR_PORT" --bind 127.0.0.1 > /dev/null 2>&1) &
FLOOR_PID=$!
register "$FLOOR_PID" floor
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$FLOOR_PORT/f" > /dev/null && break; sleep 0.05; done

# The spawn floor: the reactor's clone and exec of N `sleep 300` without a
# daemon (bench/peers/spawn_floor.c, one thread), in the same rounds as
# the starts it bounds.
SPAWN_FLOOR=$BENCH_OUT/work/spawn_floor
${CC:-cc} -O2 -o "$SPAWN_FLOOR" "$HERE/spawn_floor.c"
# The probe every start case waits with (bench/peers/common.sh
# wait_sleepers): PID's children lists every millisecond, not a pgrep of
# every process every 10 ms competing for the two cores with the start.
ALIVE_WAIT=$BENCH_OUT/work/alive_wait
${CC:-cc} -O2 -o "$ALIVE_WAIT" "$HERE/alive_wait.c"
export ALIVE_WAIT
spawn_floor() { # N: records floor spawn_N
  record floor "spawn_$1" "$("$SPAWN_FLOOR" "$1" | awk '{ print $(NF - 1) }')" s \
    "bench/peers/spawn_floor.c: $1 children cloned and exec'd, no daemon"
}

# hummel against itself: the read-path micro-benchmarks.
phase micro
"$BENCH_ROOT/build-bench/bench/hummel_bench" \
  --benchmark_filter='^bm_(view_read_one|view_find_one|view_read_all|msg_read_one|msg_read_all|mutex_read_one|mutex_read_all)/(1|100|10000)/' \
  "${MICRO_ARGS[@]}" --benchmark_format=json --benchmark_out="$BENCH_OUT/micro.json" \
  --benchmark_out_format=json > "$BENCH_OUT/logs/micro.txt" 2>&1
# Error detection's cost per line (bench/errors_bench.cpp).
"$BENCH_ROOT/build-bench/bench/hummel_bench" --benchmark_filter='^bm_errors_' \
  --benchmark_repetitions=5 --benchmark_format=json \
  --benchmark_out="$BENCH_OUT/errors.json" --benchmark_out_format=json \
  > "$BENCH_OUT/logs/errors.txt" 2>&1

for r in $(seq "$ROUNDS"); do
  export BENCH_ROUND=$r
  phase "round $r"
  # Floors of the 1 M line test: the child alone, through a pipe.
  for v in block line; do
    args=(/usr/bin/seq -f 'line %07g' 1 1000000)
    [ "$v" = line ] && args=(/usr/bin/stdbuf -oL "${args[@]}")
    t0=$(now)
    "${args[@]}" | cat > "$BENCH_OUT/work/floor.out"
    t1=$(now)
    record floor "log${v}_on_disk" "$(el "$t0" "$t1")" s "the child alone through a pipe into a file"
  done
  rm -f "$BENCH_OUT/work/floor.out"
  lat_record floor list_curl 20 curl -sf "http://127.0.0.1:$FLOOR_PORT/f"
  # The CLI's own start-up: `hummel --help` talks to no daemon.
  lat_record floor hummel_help 20 "$HUMMEL_BIN" --help
  spawn_floor 100
  run_case cases.log "$HERE/hummel_case.sh" 100 full
  run_case cases.log "$HERE/hummel_case.sh" 0 nodetect
  run_case cases.log "$HERE/sup_case.sh" 100 full
  run_case cases.log "$HERE/pm2_case.sh" 100 full
  if [ "$r" -le "$TREE_ROUNDS" ]; then
    phase "tree $r"
    run_case cases.log "$HERE/tree_case.sh"
  fi
done

for r in $(seq "$SCALE_ROUNDS"); do
  export BENCH_ROUND=$r
  phase "scale $r"
  spawn_floor 1000
  run_case scale.log "$HERE/hummel_case.sh" 1000 scale
  if [ "$SCALE_PEERS" = 1 ]; then
    run_case scale.log "$HERE/sup_case.sh" 500 scale
    run_case scale.log "$HERE/pm2_case.sh" 500 scale
  fi
done
if [ "$SCALE_BIG" -gt 0 ]; then
  export BENCH_ROUND=1
  phase "scale $SCALE_BIG"
  run_case scale.log "$HERE/hummel_case.sh" "$SCALE_BIG" scale
fi

for r in $(seq "$STORM_ROUNDS"); do
  export BENCH_ROUND=$r
  phase "storm $r"
  run_case storm.log "$BENCH_ROOT/bench/e2e/storm_matrix.sh"
done

# The cluster: NODES daemons x PROCS processes and one monitor on this
# machine, RESTARTS restarts; every figure from the monitor's own histogram.
for r in $(seq "$CLUSTER_ROUNDS"); do
  export BENCH_ROUND=$r
  phase "cluster $r"
  ctsv=$BENCH_OUT/work/cluster-$r.tsv
  rm -f "$ctsv"
  if CLUSTER_TSV=$ctsv "$BENCH_ROOT/bench/cluster/cluster_bench.sh" \
      "$HUMMEL_BIN" "${CLUSTER_SHAPE[@]}" >> "$BENCH_OUT/logs/cluster.log" 2>&1; then
    while IFS=$'\t' read -r key value unit; do
      record hummel "cluster_$key" "$value" "$unit" "${CLUSTER_SHAPE[*]}"
    done < "$ctsv"
  else
    FAILED=1
    printf '%s\t%s\n' "$r" "cluster_bench.sh ${CLUSTER_SHAPE[*]}" >> "$BENCH_OUT/failed.tsv"
    log "FAILED: cluster (round $r); see $BENCH_OUT/logs/cluster.log"
  fi
done

kill -TERM "$FLOOR_PID"
wait "$FLOOR_PID" 2>/dev/null || true
phase end
log "results in $BENCH_OUT"
[ -z "$FAILED" ] || { log "some cases failed: $BENCH_OUT/failed.tsv"; exit 1; }
