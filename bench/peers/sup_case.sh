#!/usr/bin/env bash
# supervisord side of the side-by-side benchmark, one round; the method of
# ../shared/bench-peers/supbench.sh (own config and socket, `startsecs=0`,
# a group for the N sleepers, no log rotation for the loggers).
#   sup_case.sh [N] [full|scale]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
N=${1:-100}
MODE=${2:-full}
T=supervisord
[ "$MODE" = scale ] && T=supervisord-$N
W=$BENCH_OUT/work/sup-$N
no_strays
rm -rf "$W"
mkdir -p "$W/logs"
CONF=$W/supervisord.conf
SOCK=$W/supervisor.sock
{
  cat << INI
[unix_http_server]
file=$SOCK
[supervisord]
logfile=$W/supervisord.log
pidfile=$W/supervisord.pid
childlogdir=$W/logs
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://$SOCK
INI
  for i in $(seq "$N"); do
    printf '[program:s%d]\ncommand=/usr/bin/sleep 300\nautostart=false\nstartsecs=0\nstdout_logfile=%s/s%d.out\nstderr_logfile=%s/s%d.err\n' \
      "$i" "$W/logs" "$i" "$W/logs" "$i"
  done
  printf '[group:sleepers]\nprograms=%s\n' "$(seq -s, -f 's%g' 1 "$N")"
  printf '[program:logblock]\ncommand=/usr/bin/seq -f "line %%%%07g" 1 1000000\nautostart=false\nautorestart=false\nstartsecs=0\nstdout_logfile=%s/logblock.out\nstdout_logfile_maxbytes=0\n' "$W/logs"
  printf '[program:logline]\ncommand=/usr/bin/stdbuf -oL /usr/bin/seq -f "line %%%%07g" 1 1000000\nautostart=false\nautorestart=false\nstartsecs=0\nstdout_logfile=%s/logline.out\nstdout_logfile_maxbytes=0\n' "$W/logs"
} > "$CONF"
CTL=(supervisorctl -c "$CONF")
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    "${CTL[@]}" stop all > /dev/null 2>&1 || true
    kill -TERM "$PID"
    wait_gone "$PID" 60 || kill -KILL "$PID"
  fi
}
trap cleanup EXIT
XML='<?xml version="1.0"?><methodCall><methodName>supervisor.getAllProcessInfo</methodName><params></params></methodCall>'

log "supervisord $(supervisord --version) N=$N $MODE round $BENCH_ROUND"
t0=$(now)
supervisord -c "$CONF"
while [ ! -S "$SOCK" ] || [ ! -s "$W/supervisord.pid" ]; do sleep 0.01; done
t1=$(now)
PID=$(cat "$W/supervisord.pid")
register "$PID" supervisord "$CONF"
record "$T" daemon_ready "$(el "$t0" "$t1")" s "until the socket exists"

sleep 0.5
t0=$(now)
"${CTL[@]}" start 'sleepers:*' > "$W/start.out"
t1=$(now)
wait_sleepers "$PID" "$N" 600
t2=$(now)
record "$T" start_cmd_returned "$(el "$t0" "$t1")" s "supervisorctl start 'sleepers:*'"
record "$T" start_all_running "$(el "$t0" "$t2")" s "$N sleep 300 alive"
sleep 2
record "$T" rss_running "$(rss_kb "$PID")" kB "with $N running"
record "$T" fds "$(find /proc/"$PID"/fd -mindepth 1 | wc -l)" count "open descriptors"

REPS=20
[ "$MODE" = scale ] && REPS=5
# `supervisorctl status` exits 3 when some program is not running (the
# two loggers are stopped here).
LAT_OK_RC="0 3" lat_record "$T" list_cli "$REPS" "${CTL[@]}" status
lat_record "$T" list_curl "$REPS" curl -sf --unix-socket "$SOCK" \
  -H 'Content-Type: text/xml' --data "$XML" http://localhost/RPC2
curl -sf --unix-socket "$SOCK" -H 'Content-Type: text/xml' --data "$XML" \
  http://localhost/RPC2 > "$W/status.xml"
record "$T" list_bytes "$(stat -c %s "$W/status.xml")" B "one getAllProcessInfo reply"
"${CTL[@]}" status > "$W/status.txt" || true
record "$T" list_cli_bytes "$(stat -c %s "$W/status.txt")" B "supervisorctl status output"
record "$T" list_running "$(count_re RUNNING "$W/status.txt")" count "RUNNING in supervisorctl status"
record "$T" rss_listed "$(rss_kb "$PID")" kB "after $((2 * REPS)) listings"

if [ "$MODE" = full ]; then
  # A persistent client: XML-RPC over one transport, in process (as in
  # supbench.sh), 40 calls.
  cat > "$W/list.py" << PY
import json, time, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
p = xmlrpc.client.ServerProxy('http://127.0.0.1',
    transport=SupervisorTransport(None, None, 'unix://$SOCK'))
ts = []
for _ in range(40):
    t = time.perf_counter(); l = p.supervisor.getAllProcessInfo()
    ts.append((time.perf_counter() - t) * 1000)
s = sorted(ts)
print(json.dumps({"p50": (s[19] + s[20]) / 2, "p99": s[-1], "n": len(l)}))
PY
  res=$($PY "$W/list.py")
  log "  $res"
  record "$T" list_keepalive_p50 "$($PY -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["p50"])' "$res")" ms "getAllProcessInfo, 40 calls on one transport"
  record "$T" list_keepalive_p99 "$($PY -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["p99"])' "$res")" ms "slowest of 40"
  record "$T" rss_keepalive "$(rss_kb "$PID")" kB "after the persistent client"

  for L in logblock logline; do
    F=$W/logs/$L.out
    c0=$(cpu_ticks "$PID")
    t0=$(now)
    "${CTL[@]}" start "$L" > /dev/null
    t1=$(now)
    done=1
    wait_log "$PID" "$F" done_bytes || done=0
    t2=$(now)
    c1=$(cpu_ticks "$PID")
    sleep 1
    record "$T" "${L}_cmd_returned" "$(el "$t0" "$t1")" s
    if [ "$done" = 1 ]; then
      record "$T" "${L}_on_disk" "$(el "$t0" "$t2")" s "until all 13000000 bytes are in $L.out"
    else
      record "$T" "${L}_incomplete" "$(el "$t0" "$t2")" s "the file never reached 13000000 bytes"
    fi
    record "$T" "${L}_cpu" "$(ticks_s "$c0" "$c1")" s "daemon utime+stime"
    record "$T" "${L}_lost" "$((1000000 - $(count_plain_lines "$F")))" lines "of 1000000"
    record "$T" "${L}_file_bytes" "$(stat -c %s "$F")" B
  done
  record "$T" rss_logs "$(rss_kb "$PID")" kB "after both log tests"
fi

t0=$(now)
"${CTL[@]}" stop all > /dev/null
kill -TERM "$PID"
wait_gone "$PID" 120 || { log "supervisord did not exit"; exit 1; }
t1=$(now)
PID=""
record "$T" stop_daemon "$(el "$t0" "$t1")" s "supervisorctl stop all, then SIGTERM until exit"
sleep 0.3
record "$T" leftover_sleepers "$(nours 'sleep 300')" count "after the daemon exited"
