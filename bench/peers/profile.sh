#!/usr/bin/env bash
# Profiles of hummel under the benchmark's loads (perf, flat, by symbol):
#   bench/peers/profile.sh [SCENARIO...]
# Scenarios: list100 (wrk -c1 scripts_status of 100 processes), storm-view
# and storm-messages (64 clients reading p1 during a 100k/s storm),
# logline (1 M line-buffered lines), logblock, cli (`hummel ps` × 200),
# start100 (100 scripts_run at once). Reports go to
# $BENCH_OUT/profiles/NAME.txt (perf report --no-children, top symbols).
# Not part of `make bench`; needs perf (linux-perf).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
SCEN=("$@")
[ ${#SCEN[@]} -gt 0 ] || SCEN=(list100 storm-view storm-messages logline logblock cli start100)
OUTD=$BENCH_OUT/profiles
W=$BENCH_OUT/work/profile
mkdir -p "$OUTD"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    wait_gone "$PID" 60 || kill -KILL "$PID"
  fi
}
trap cleanup EXIT

start_daemon() { # EXTRA_ARGS...: a daemon with 100 sleepers + 2 loggers
  rm -rf "$W"
  mkdir -p "$W/rt"
  chmod 700 "$W/rt"
  export HUMMEL_RUNTIME_DIR=$W/rt
  {
    printf '[daemon]\nlog_file_max_bytes = 1073741824\n\n'
    for i in $(seq 100); do
      printf '[processes.p%d]\nargv = ["/usr/bin/sleep", "300"]\nautostart = %s\n\n' "$i" "${AUTO:-true}"
    done
    printf '[processes.logblock]\nargv = ["/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\nautostart = false\nrestart = "no"\n\n'
    printf '[processes.logline]\nargv = ["/usr/bin/stdbuf", "-oL", "/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\nautostart = false\nrestart = "no"\n'
  } > "$W/hummel.toml"
  "$HUMMEL_BIN" daemon --dir "$W" --state-dir "$W/state" --no-output \
    --http 127.0.0.1:0 "$@" 2> "$W/daemon.log" &
  PID=$!
  register "$PID" hummel "$W"
  URL=""
  for _ in $(seq 300); do
    URL=$(grep -ho '"http": *"[^"]*"' "$W"/rt/hummel/*.json 2>/dev/null | cut -d'"' -f4 || true)
    [ -n "$URL" ] && break
    sleep 0.01
  done
  [ "${AUTO:-true}" = false ] || wait_sleepers "$PID" 100 60
  sleep 1
}
stop_daemon() {
  kill -TERM "$PID"
  wait_gone "$PID" 60
  PID=""
}
report() { # NAME: flat profile, then the callers' view of the top entries
  perf report -i "$OUTD/$1.data" --no-children --sort dso,symbol \
    --percent-limit 0.7 --stdio 2>/dev/null | grep -v '^$' | cut -c1-200 \
    > "$OUTD/$1.txt"
  perf report -i "$OUTD/$1.data" --no-children --sort comm \
    --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' >> "$OUTD/$1.txt" || true
  log "profile $1: $OUTD/$1.txt"
  head -40 "$OUTD/$1.txt" | grep -v '^#' >&2 || true
}

for s in "${SCEN[@]}"; do
  case $s in
    list100)
      start_daemon
      perf record -F 999 -p "$PID" -o "$OUTD/$s.data" -- sleep 5 2> /dev/null &
      PERF=$!
      HUMMEL_NAME='' wrk -t1 -c1 -d5s -s "$BENCH_ROOT/bench/e2e/status.lua" "$URL" | grep RESULT >&2
      wait "$PERF"
      stop_daemon
      ;;
    storm-view | storm-messages)
      start_daemon --read-path "${s#storm-}" --storm 100000
      perf record -F 999 -p "$PID" -o "$OUTD/$s.data" -- sleep 5 2> /dev/null &
      PERF=$!
      HUMMEL_NAME=p1 wrk -t1 -c64 -d5s -s "$BENCH_ROOT/bench/e2e/status.lua" "$URL" | grep RESULT >&2
      wait "$PERF"
      stop_daemon
      ;;
    logline | logblock)
      AUTO=false start_daemon
      mcp_headers scripts_run
      perf record -F 999 -p "$PID" -o "$OUTD/$s.data" -- sleep 4 2> /dev/null &
      PERF=$!
      sleep 0.2
      curl -sf "${MCP_HEADERS[@]}" -d "$(mcp_body scripts_run "{\"name\":\"$s\"}")" "$URL" > /dev/null
      wait "$PERF"
      stop_daemon
      ;;
    cli)
      start_daemon
      perf record -F 4999 -o "$OUTD/$s.data" -- bash -c \
        "for i in \$(seq 200); do '$HUMMEL_BIN' ps --dir '$W' > /dev/null; done" 2> /dev/null
      perf report -i "$OUTD/$s.data" --no-children --comm hummel --sort dso,symbol \
        --percent-limit 0.7 --stdio 2>/dev/null | grep -v '^$' | cut -c1-200 > "$OUTD/$s-cli.txt" || true
      stop_daemon
      ;;
    start100)
      AUTO=false start_daemon
      mcp_headers scripts_run
      awk -v url="$URL" 'BEGIN { for (i = 1; i <= 100; i++) {
        printf "url = \"%s\"\nheader = \"Content-Type: application/json\"\n", url
        printf "header = \"Accept: application/json, text/event-stream\"\n"
        printf "header = \"MCP-Protocol-Version: 2026-07-28\"\nheader = \"Mcp-Method: tools/call\"\n"
        printf "header = \"Mcp-Name: scripts_run\"\n"
        printf "data = \"{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"id\\\":1,\\\"method\\\":\\\"tools/call\\\",\\\"params\\\":{\\\"name\\\":\\\"scripts_run\\\",\\\"arguments\\\":{\\\"name\\\":\\\"p%d\\\"},\\\"_meta\\\":{\\\"io.modelcontextprotocol/protocolVersion\\\":\\\"2026-07-28\\\",\\\"io.modelcontextprotocol/clientCapabilities\\\":{}}}}\"\n", i
        if (i < 100) print "next" } }' > "$W/start.curl"
      perf record -F 4999 -g -p "$PID" -o "$OUTD/$s.data" -- sleep 2 2> /dev/null &
      PERF=$!
      sleep 0.2
      t0=$(now)
      curl -s -Z --parallel-max 100 -K "$W/start.curl" > /dev/null 2>&1
      wait_sleepers "$PID" 100 60
      log "start100: $(el "$t0" "$(now)") s"
      wait "$PERF"
      stop_daemon
      ;;
    *) log "unknown scenario $s"; exit 2 ;;
  esac
  [ "$s" = cli ] || report "$s"
done
