#!/usr/bin/env bash
# hummel side of the side-by-side benchmark, one round.
#   hummel_case.sh [N] [full|scale]
# full: start N `sleep 300` with the daemon up, list them (CLI, curl, one
# keep-alive client), RSS, the two 1 M line tests; scale: start and list
# only; nodetect: only the two 1 M line tests, with a daemon that looks
# for no errors (--no-error-detection: error detection's cost, side by
# side with full). Results go to $BENCH_OUT/raw.tsv (see common.sh).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
N=${1:-100}
MODE=${2:-full}
T=hummel
[ "$MODE" = scale ] && T=hummel-$N
DFLAGS=()
if [ "$MODE" = nodetect ]; then
  T=hummel_nodetect
  N=0
  DFLAGS=(--no-error-detection)
fi
W=$BENCH_OUT/work/hummel-$N
no_strays
rm -rf "$W"
mkdir -p "$W/rt"
chmod 700 "$W/rt"
export HUMMEL_RUNTIME_DIR=$W/rt
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    wait_gone "$PID" 60 || kill -KILL "$PID"
  fi
}
trap cleanup EXIT

# Same programs as the peers: /usr/bin/sleep 300 by argv, restart off for
# the loggers, no log rotation during the test (the peers' files do not
# rotate either: supervisord stdout_logfile_maxbytes=0, PM2 without
# pm2-logrotate).
{
  printf '[daemon]\nlog_file_max_bytes = 1073741824\n\n'
  for i in $(seq "$N"); do
    printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "300"]\nautostart = false\n\n' "$i"
  done
  printf '[processes.logblock]\nargv = ["/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\n'
  printf 'autostart = false\nrestart = "no"\n\n'
  printf '[processes.logline]\nargv = ["/usr/bin/stdbuf", "-oL", "/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\n'
  printf 'autostart = false\nrestart = "no"\n'
} > "$W/hummel.toml"

log "hummel N=$N $MODE round $BENCH_ROUND"
t0=$(now)
"$HUMMEL_BIN" daemon --dir "$W" --state-dir "$W/state" --no-output \
  --http 127.0.0.1:0 ${DFLAGS[@]+"${DFLAGS[@]}"} 2> "$W/daemon.log" &
PID=$!
register "$PID" hummel "$W"
URL=""
for _ in $(seq 300); do
  URL=$(grep -ho '"http": *"[^"]*"' "$W"/rt/hummel/*.json 2>/dev/null | cut -d'"' -f4 || true)
  [ -n "$URL" ] && break
  sleep 0.01
done
[ -n "$URL" ] || { log "no runtime file"; cat "$W/daemon.log" >&2; exit 1; }
t1=$(now)
record "$T" daemon_ready "$(el "$t0" "$t1")" s "until the runtime file names the HTTP URL"

if [ "$MODE" != nodetect ]; then
# (a) start N with the daemon up: one curl command, N scripts_run calls
# over HTTP in parallel (the daemon's public API; like `supervisorctl
# start group:*` or `pm2 start eco.json`, one client command for all).
awk -v n="$N" -v url="$URL" 'BEGIN {
  for (i = 1; i <= n; i++) {
    printf "url = \"%s\"\n", url
    printf "header = \"Content-Type: application/json\"\n"
    printf "header = \"Accept: application/json, text/event-stream\"\n"
    printf "header = \"MCP-Protocol-Version: 2026-07-28\"\n"
    printf "header = \"Mcp-Method: tools/call\"\nheader = \"Mcp-Name: scripts_run\"\n"
    printf "data = \"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"id\\\":1,\\\"method\\\":\\\"tools/call\\\","
    printf "\\\"params\\\":{\\\"name\\\":\\\"scripts_run\\\",\\\"arguments\\\":{\\\"name\\\":\\\"s%d\\\"},", i
    printf "\\\"_meta\\\":{\\\"io.modelcontextprotocol/protocolVersion\\\":\\\"2026-07-28\\\","
    printf "\\\"io.modelcontextprotocol/clientCapabilities\\\":{}}}}\"\n"
    if (i < n) print "next"
  }
}' > "$W/start.curl"
sleep 0.5
# In scale mode the wait is bounded (BENCH_SCALE_TIMEOUT, default 90 s):
# what was reached by then is recorded instead.
TMO=600
[ "$MODE" = scale ] && TMO=${BENCH_SCALE_TIMEOUT:-90}
t0=$(now)
curl -s -Z --parallel-max 100 -K "$W/start.curl" > "$W/start.out" 2>/dev/null &
CURL=$!
# Until all N run. Once curl is done the starts its calls queued go on
# (scripts_run answers before the child has exec'd), so the wait ends early
# only when none more has started for 0.5 s: the starts the daemon refused
# (descriptor limit). It slept 0.5 s at once here before, which added those
# 0.5 s whenever curl was done first (0.71-0.76 s in 4 of 5 rounds).
settled() {
  if [ -x "${ALIVE_WAIT:-}" ]; then
    probe_alive "$PID" "$N" "$TMO" "$CURL" 0.5
    return
  fi
  local end=$(($(date +%s) + TMO)) have=0 last=-1 pause=0.01 quiet=""
  [ "$N" -le 200 ] || pause=0.1
  while true; do
    have=$(nsleep "$PID")
    [ "$have" -ge "$N" ] && return 0
    if ! kill -0 "$CURL" 2>/dev/null; then
      if [ "$have" -ne "$last" ]; then
        last=$have
        quiet=$(now)
      elif awk -v a="$quiet" -v b="$(now)" 'BEGIN { exit !(b - a >= 0.5) }'; then
        return 1
      fi
    fi
    [ "$(date +%s)" -gt "$end" ] && return 1
    sleep "$pause"
  done
}
if settled; then
  t2=$(now)
  record "$T" start_all_running "$(el "$t0" "$t2")" s "$N sleep 300 alive"
else
  t2=$(now)
  record "$T" start_reached "$(nsleep "$PID")" count "sleep 300 alive after $(el "$t0" "$t2") s (of $N)"
fi
if wait_gone "$CURL" 5; then
  wait "$CURL" || true
  ok=$(count_re '"structuredContent"' "$W/start.out")
  bad=$(count_re '"isError":true' "$W/start.out")
  limit=$(count_re 'descriptor limit reached' "$W/start.out")
  record "$T" start_answers "$ok" count "scripts_run answered of $N, $bad of them failed ($limit: descriptor limit reached)"
else
  kill "$CURL" 2>/dev/null || true
  wait "$CURL" || true
  log "  curl had not returned; stopped it"
fi
sleep 2
record "$T" rss_running "$(rss_kb "$PID")" kB "with $(nsleep "$PID") running"
record "$T" fds "$(find /proc/"$PID"/fd -mindepth 1 | wc -l)" count "open descriptors"
record "$T" threads "$(find /proc/"$PID"/task -mindepth 1 -maxdepth 1 | wc -l)" count

# (b) list all N: the CLI, and the raw HTTP call with curl.
BODY=$(mcp_body scripts_status '{}')
mcp_headers scripts_status
REPS=20
lat_record "$T" list_cli "$REPS" "$HUMMEL_BIN" ps --dir "$W"
lat_record "$T" list_curl "$REPS" curl -sf "${MCP_HEADERS[@]}" -d "$BODY" "$URL"
curl -sf "${MCP_HEADERS[@]}" -d "$BODY" "$URL" > "$W/status.json"
record "$T" list_bytes "$(stat -c %s "$W/status.json")" B "one scripts_status reply"
"$HUMMEL_BIN" ps --dir "$W" > "$W/ps.txt"
record "$T" list_cli_bytes "$(stat -c %s "$W/ps.txt")" B "hummel ps output"
running=$(count_re '"status":"running"' "$W/status.json")
record "$T" list_running "$running" count "processes running per scripts_status"
record "$T" rss_listed "$(rss_kb "$PID")" kB "after $((2 * REPS)) listings"
if [ "$MODE" = scale ]; then
  # jemalloc gives freed pages back within about a second (dirty_decay_ms,
  # main/daemon/allocator.cpp): what the listings left, not what they used.
  sleep 2
  record "$T" rss_settled "$(rss_kb "$PID")" kB "2 s after the listings"
fi
fi

if [ "$MODE" = full ]; then
  # A persistent keep-alive client: wrk, one connection, 3 s.
  res=$(HUMMEL_NAME='' wrk -t1 -c1 -d3s -s "$BENCH_ROOT/bench/e2e/status.lua" "$URL" | grep RESULT)
  log "  $res"
  record "$T" list_keepalive_p50 "$(us_to_ms "$(kv p50_us "$res")")" ms "wrk -t1 -c1 -d3s"
  record "$T" list_keepalive_p99 "$(us_to_ms "$(kv p99_us "$res")")" ms "wrk -t1 -c1 -d3s"
  record "$T" list_keepalive_rps "$(kv rps "$res")" 1/s "wrk -t1 -c1 -d3s"
  record "$T" rss_keepalive "$(rss_kb "$PID")" kB "after the keep-alive client"
fi

if [ "$MODE" = full ] || [ "$MODE" = nodetect ]; then

  # (d) 1 M lines: time until the last line is in the log file, daemon
  # CPU, lines lost. hummel's file is <state>/logs/NAME.log, one record
  # per line: seq, time, stream, run, text.
  # The last record's text is "line 001e+06" (seq's %g for 1000000).
  # (A marker record, "exited with code 0 ...", follows the last line.)
  done_hummel() { [ -f "$1" ] && tail -c 200 "$1" | grep -q $'\tline 001e+06$'; }
  for L in logblock logline; do
    F=$W/state/logs/$L.log
    c0=$(cpu_ticks "$PID")
    t0=$(now)
    mcp_headers scripts_run
    curl -sf "${MCP_HEADERS[@]}" -d "$(mcp_body scripts_run "{\"name\":\"$L\"}")" "$URL" > /dev/null
    t1=$(now)
    done=1
    wait_log "$PID" "$F" done_hummel || done=0
    t2=$(now)
    c1=$(cpu_ticks "$PID")
    lines=$(awk -F'\t' '$3 == "o" && ($5 ~ /^line [0-9]+$/ || $5 == "line 001e+06") { n++ } END { print n + 0 }' "$F")
    record "$T" "${L}_cmd_returned" "$(el "$t0" "$t1")" s
    if [ "$done" = 1 ]; then
      record "$T" "${L}_on_disk" "$(el "$t0" "$t2")" s "until the last line (seq prints 1000000 as 001e+06) is in $L.log"
    else
      record "$T" "${L}_incomplete" "$(el "$t0" "$t2")" s "the last line never reached $L.log"
    fi
    record "$T" "${L}_cpu" "$(ticks_s "$c0" "$c1")" s "daemon utime+stime"
    record "$T" "${L}_lost" "$((1000000 - lines))" lines "of 1000000"
    record "$T" "${L}_file_bytes" "$(stat -c %s "$F")" B
    sleep 1
  done
  record "$T" rss_logs "$(rss_kb "$PID")" kB "after both log tests"
fi

# Stop: SIGTERM (what `hummel down` sends), then no sleeper may be left.
t0=$(now)
kill -TERM "$PID"
wait_gone "$PID" 120 || { log "daemon did not exit"; exit 1; }
t1=$(now)
PID=""
record "$T" stop_daemon "$(el "$t0" "$t1")" s "SIGTERM until the daemon exited"
sleep 0.3
record "$T" leftover_sleepers "$(nours 'sleep 300')" count "after the daemon exited"
