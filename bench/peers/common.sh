# shellcheck shell=bash
# Helpers shared by the side-by-side benchmark scripts (sourced, not run).
# The methods are the peers' (../shared/bench-peers/common.sh): count live
# `sleep 300` processes, VmRSS from /proc, utime+stime from /proc/PID/stat,
# stat polling for files.
#
# Environment (set by run.sh; defaults for running a case by hand):
#   BENCH_OUT   results folder (raw.tsv, pids, logs/, work/)
#   BENCH_ROUND round number written with every record
#   HUMMEL_BIN  the hummel binary (hummel-spawn must sit next to it)
#   PEERS_DIR   folder with node_modules/.bin/pm2

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export BENCH_ROOT
export BENCH_OUT=${BENCH_OUT:-$BENCH_ROOT/build-bench/results}
export BENCH_ROUND=${BENCH_ROUND:-0}
export HUMMEL_BIN=${HUMMEL_BIN:-$BENCH_ROOT/build-bench/hummel}
export PEERS_DIR=${PEERS_DIR:-$BENCH_ROOT/build-bench/peers}
export BENCH_PIDS=${BENCH_PIDS:-$BENCH_OUT/pids}
# Every process the benchmark starts inherits this variable; ours.py finds
# them by it (other `sleep 300`s on the machine are not ours).
export BENCH_TAG=${BENCH_TAG:-hb-$$-$(date +%s)}
PY=/usr/bin/python3
LAT="$PY $BENCH_ROOT/bench/peers/lat.py"
mkdir -p "$BENCH_OUT/logs" "$BENCH_OUT/work"

now() { date +%s.%N; }
# el T0 T1: seconds between two `now` values.
el() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# record TOOL CASE VALUE UNIT [NOTE]: one measurement of this round.
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$BENCH_ROUND" "$1" "$2" "$3" "$4" \
    "${5:-}" >> "$BENCH_OUT/raw.tsv"
  log "  $1 $2 = $3 $4${5:+ ($5)}"
}

# Every long-lived process a case starts is written here (pid, kind,
# extra), so that run.sh's trap can stop it even if the case died.
register() { printf '%s %s %s\n' "$1" "$2" "${3:-}" >> "$BENCH_PIDS"; }

# nsleep PID: live `sleep 300` children of PID (each tool's daemon is the
# direct parent of the programs it runs).
nsleep() { pgrep -c -P "$1" -f '^(/usr/bin/)?sleep 300$' || true; }
# ours [REGEX]: pid and command line of every live process of this run.
ours() { $PY "$BENCH_ROOT/bench/peers/ours.py" "$BENCH_TAG" "$@"; }
# nours REGEX: how many live processes of this run match REGEX.
nours() { ours "$1" | wc -l; }
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
# utime+stime of a process in clock ticks (the command name may hold spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
clk_tck() { getconf CLK_TCK; }
# ticks_s T0 T1: CPU seconds between two cpu_ticks values.
ticks_s() { awk -v a="$1" -v b="$2" -v h="$(clk_tck)" \
  'BEGIN { printf "%.2f", (b - a) / h }'; }

# probe_alive PID N TIMEOUT_S [CLIENT_PID QUIET_S]: $ALIVE_WAIT
# (bench/peers/alive_wait.c, built by run.sh: PID's children lists every
# millisecond, every 10 ms for more than 200).
probe_alive() {
  local ms=1
  [ "$2" -le 200 ] || ms=10
  "$ALIVE_WAIT" "$1" "$2" "$3" "$ms" "${@:4}" > /dev/null
}

# wait_sleepers PID N [TIMEOUT_S]: until PID has N `sleep 300` children
# (probe_alive with ALIVE_WAIT; otherwise a pgrep loop).
wait_sleepers() {
  if [ -x "${ALIVE_WAIT:-}" ]; then
    probe_alive "$1" "$2" "${3:-120}" && return 0
    log "TIMEOUT waiting for $2 sleepers (have $(nsleep "$1"))"
    return 1
  fi
  local n=$2 end=$(($(date +%s) + ${3:-120})) pause=0.01
  # pgrep walks /proc: with thousands of processes, poll less often so the
  # poller does not compete with the daemon for the two cores.
  [ "$n" -le 200 ] || pause=0.1
  while [ "$(nsleep "$1")" -lt "$n" ]; do
    [ "$(date +%s)" -gt "$end" ] && { log "TIMEOUT waiting for $n sleepers (have $(nsleep "$1"))"; return 1; }
    sleep "$pause"
  done
}

# no_strays: refuses to go on while processes of this run are alive that
# should not be (a `sleep 30x` or a daemon left by an earlier step).
no_strays() {
  local left
  left=$(ours 'sleep 30[0-3]|supervisord|PM2|hummel daemon|/usr/bin/seq' || true)
  [ -z "$left" ] || { log "processes of this run still alive:"; printf '%s\n' "$left" >&2; return 1; }
}

# wait_gone PID [TIMEOUT_S]: until PID has exited.
wait_gone() {
  local end=$(($(date +%s) + ${2:-30}))
  while kill -0 "$1" 2>/dev/null; do
    [ "$(date +%s)" -gt "$end" ] && return 1
    sleep 0.05
  done
}

# wait_bytes FILE N [TIMEOUT_S]: until FILE has at least N bytes.
wait_bytes() {
  local f=$1 n=$2 end=$(($(date +%s) + ${3:-300}))
  while :; do
    [ -f "$f" ] && [ "$(stat -c %s "$f")" -ge "$n" ] && return 0
    [ "$(date +%s)" -gt "$end" ] && { log "TIMEOUT waiting for $n bytes in $f"; return 1; }
    sleep 0.01
  done
}

# wait_settled FILE QUIET_S [TIMEOUT_S]: until FILE stops growing for
# QUIET_S seconds (used only when the expected end never arrives).
wait_settled() {
  local f=$1 quiet=$2 end=$(($(date +%s) + ${3:-120})) last=-1 same=0 s
  while [ "$same" -lt $((quiet * 10)) ]; do
    s=$(stat -c %s "$f" 2>/dev/null || echo 0)
    if [ "$s" = "$last" ]; then same=$((same + 1)); else same=0; fi
    last=$s
    [ "$(date +%s)" -gt "$end" ] && return 1
    sleep 0.1
  done
}

# wait_log DAEMON_PID FILE DONE_FN: polls `DONE_FN FILE` every 10 ms (cheap,
# like the peers' wait_bytes). Once a second it checks whether the daemon
# still has the logger child; when the child is gone and DONE_FN still
# fails, it waits for 3 s without growth and gives up (lines lost).
# Returns 0 when DONE_FN succeeded.
wait_log() {
  local pid=$1 f=$2 fn=$3 k=0 end=$(($(date +%s) + 120))
  while ! "$fn" "$f"; do
    k=$((k + 1))
    [ "$(date +%s)" -gt "$end" ] && { log "TIMEOUT waiting for $f"; return 1; }
    if [ $((k % 100)) -eq 0 ] \
      && ! pgrep -P "$pid" -f '^/usr/bin/(seq|stdbuf) ' > /dev/null; then
      wait_settled "$f" 3 60 || true
      "$fn" "$f"
      return
    fi
    sleep 0.01
  done
}
# All 13,000,000 bytes of the plain capture are there (supervisord, PM2).
done_bytes() { [ -f "$1" ] && [ "$(stat -c %s "$1")" -ge 13000000 ]; }

# Lines of the 1 M line test present in a plain capture file.
# (seq -f 'line %07g' prints 1000000 as "line 001e+06", as in the peers'
# runs: 13 bytes a line, 13,000,000 bytes in all.)
count_plain_lines() { grep -c -E '^line ([0-9]+|001e[+]06)$' "$1" || true; }

# count_re REGEX FILE: matches of REGEX in FILE (0 when none).
count_re() { { grep -o -- "$1" "$2" || true; } | wc -l; }
# kv KEY TEXT: the value of `KEY=value` in a line of key=value words.
kv() { tr ' ' '\n' <<<"$2" | awk -F= -v k="$1" '$1 == k { print $2; exit }'; }
# us_to_ms MICROSECONDS
us_to_ms() { awk -v x="$1" 'BEGIN { printf "%.3f", x / 1000 }'; }

# lat_record TOOL CASE N CMD...: runs CMD N times through lat.py, keeps the
# samples in lat.jsonl and records the median (ms). Fails if any run ended
# with an exit code other than those in LAT_OK_RC (default 0).
lat_record() {
  local tool=$1 case=$2 n=$3 out
  shift 3
  out=$($LAT "$n" "$@")
  printf '{"round": %s, "tool": "%s", "case": "%s", "lat": %s}\n' \
    "$BENCH_ROUND" "$tool" "$case" "$out" >> "$BENCH_OUT/lat.jsonl"
  local med rc
  med=$($PY -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["median_ms"])' "$out")
  rc=$($PY -c 'import json,sys; print(",".join(map(str, json.loads(sys.argv[1])["rc"])))' "$out")
  record "$tool" "$case" "$med" ms "median of $n; exit codes $rc"
  local x
  for x in ${rc//,/ }; do
    [[ " ${LAT_OK_RC:-0} " == *" $x "* ]] || return 1
  done
}

# MCP over HTTP (hummel): the stateless 2026-07-28 request shape of
# bench/e2e/status.lua.
mcp_body() { # TOOL ARGS_JSON
  printf '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":%s,"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}' "$1" "$2"
}
# mcp_headers TOOL: sets MCP_HEADERS, the curl arguments of a tools/call.
mcp_headers() {
  # shellcheck disable=SC2034 # read by the scripts that source this file
  MCP_HEADERS=(-H 'Content-Type: application/json'
    -H 'Accept: application/json, text/event-stream'
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call'
    -H "Mcp-Name: $1")
}
