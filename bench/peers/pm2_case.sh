#!/usr/bin/env bash
# PM2 side of the side-by-side benchmark, one round; the method of
# ../shared/bench-peers/pm2bench.sh (isolated PM2_HOME, an ecosystem file
# with N apps, the daemon is up before the timed start).
#   pm2_case.sh [N] [full|scale]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
N=${1:-100}
MODE=${2:-full}
T=pm2
[ "$MODE" = scale ] && T=pm2-$N
W=$BENCH_OUT/work/pm2-$N
no_strays
rm -rf "$W"
mkdir -p "$W/logs"
export PM2_HOME=$W/home
PM2=$PEERS_DIR/node_modules/.bin/pm2
GOD=""
cleanup() {
  if [ -n "$GOD" ] && kill -0 "$GOD" 2>/dev/null; then
    "$PM2" delete all > /dev/null 2>&1 || true
    kill -TERM "$GOD"
    wait_gone "$GOD" 30 || kill -KILL "$GOD"
  fi
}
trap cleanup EXIT
node -e 'const n=+process.argv[1],d=process.argv[2],apps=[];for(let i=1;i<=n;i++)apps.push({name:"s"+i,script:"/usr/bin/sleep",args:"300",interpreter:"none",autorestart:true,out_file:d+"/s"+i+".out",error_file:d+"/s"+i+".err"});console.log(JSON.stringify({apps}))' \
  "$N" "$W/logs" > "$W/eco.json"
mklog() { # NAME ARGS_JSON: a logger app with autorestart off
  node -e 'const [name,d,args]=process.argv.slice(1);const a=JSON.parse(args);console.log(JSON.stringify({apps:[{name,script:a[0],args:a.slice(1),interpreter:"none",autorestart:false,out_file:d+"/"+name+".out",error_file:d+"/"+name+".err"}]}))' \
    "$1" "$W/logs" "$2" > "$W/$1.json"
}
mklog logblock '["/usr/bin/seq","-f","line %07g","1","1000000"]'
mklog logline '["/usr/bin/stdbuf","-oL","/usr/bin/seq","-f","line %07g","1","1000000"]'

log "pm2 $("$PM2" --version 2>/dev/null | tail -1) (node $(node --version)) N=$N $MODE round $BENCH_ROUND"
# The God daemon first (cold start of the daemon alone), then the timed
# start with the daemon up.
t0=$(now)
"$PM2" ping > /dev/null 2>&1
t1=$(now)
GOD=$(cat "$PM2_HOME/pm2.pid")
register "$GOD" pm2 "$PM2_HOME"
record "$T" daemon_ready "$(el "$t0" "$t1")" s "pm2 ping (spawns the God daemon)"
sleep 0.5
t0=$(now)
"$PM2" start "$W/eco.json" > /dev/null 2>&1
t1=$(now)
wait_sleepers "$GOD" "$N" 600
t2=$(now)
record "$T" start_cmd_returned "$(el "$t0" "$t1")" s "pm2 start eco.json"
record "$T" start_all_running "$(el "$t0" "$t2")" s "$N sleep 300 alive"
sleep 2
record "$T" rss_running "$(rss_kb "$GOD")" kB "with $N running"
record "$T" fds "$(find /proc/"$GOD"/fd -mindepth 1 | wc -l)" count "open descriptors"

REPS=20
[ "$MODE" = scale ] && REPS=5
lat_record "$T" list_cli "$REPS" "$PM2" jlist
"$PM2" jlist > "$W/jlist.json" 2>/dev/null
record "$T" list_bytes "$(stat -c %s "$W/jlist.json")" B "one pm2 jlist reply"
record "$T" list_cli_bytes "$(stat -c %s "$W/jlist.json")" B "pm2 jlist output"
record "$T" list_running "$(count_re '"status":"online"' "$W/jlist.json")" count "online in pm2 jlist"
# A persistent client: pm2.list() over one RPC connection, in process (as
# in pm2bench.sh), 40 calls. PM2 has no HTTP API, so no curl row.
cat > "$W/list.js" << 'JS'
const pm2 = require(process.env.PEERS_DIR + '/node_modules/pm2');
pm2.connect(false, async (err) => {
  if (err) throw err;
  const ts = [];
  for (let i = 0; i < 40; i++) {
    const t = process.hrtime.bigint();
    await new Promise((res, rej) => pm2.list((e, l) => e ? rej(e) : res(l)));
    ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ts.sort((a, b) => a - b);
  console.log(JSON.stringify({p50: (ts[19] + ts[20]) / 2, p99: ts[39]}));
  pm2.disconnect();
});
JS
record "$T" rss_listed "$(rss_kb "$GOD")" kB "after $REPS listings"
if [ "$MODE" = full ]; then
  res=$(node "$W/list.js")
  log "  $res"
  record "$T" list_keepalive_p50 "$($PY -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["p50"])' "$res")" ms "pm2.list(), 40 calls on one connection"
  record "$T" list_keepalive_p99 "$($PY -c 'import json,sys; print("%.3f" % json.loads(sys.argv[1])["p99"])' "$res")" ms "slowest of 40"
  record "$T" rss_keepalive "$(rss_kb "$GOD")" kB "after the persistent client"

  for L in logblock logline; do
    F=$W/logs/$L.out
    c0=$(cpu_ticks "$GOD")
    t0=$(now)
    "$PM2" start "$W/$L.json" > /dev/null 2>&1
    t1=$(now)
    done=1
    wait_log "$GOD" "$F" done_bytes || done=0
    t2=$(now)
    c1=$(cpu_ticks "$GOD")
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
  record "$T" rss_logs "$(rss_kb "$GOD")" kB "after both log tests"
fi

t0=$(now)
"$PM2" delete all > /dev/null 2>&1
kill -TERM "$GOD"
wait_gone "$GOD" 60 || { log "PM2 did not exit"; exit 1; }
t1=$(now)
GOD=""
record "$T" stop_daemon "$(el "$t0" "$t1")" s "pm2 delete all, then SIGTERM until exit"
sleep 0.3
record "$T" leftover_sleepers "$(nours 'sleep 300')" count "after the daemon exited"
