#!/usr/bin/env bash
# (e) Process-tree cleanup, one round, every tool; the method of
# ../shared/bench-peers/treebench.sh. 10 programs, each a shell that leaves
# three kinds of grandchildren:
#   G1 `sleep 301`: a plain background child (same process group)
#   G2 `sleep 302`: a setsid'd child (own session, parent still the shell)
#   G3 `sleep 303`: double-forked and setsid'd (re-parented at once)
# Each tool stops them the normal way; survivors are counted 3 s later
# (processes of this run only, found by BENCH_TAG), then killed by pid.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$(dirname "$0")/common.sh"
W=$BENCH_OUT/work/tree
rm -rf "$W"
mkdir -p "$W"
no_strays
printf 'sleep 301 &\nsetsid sleep 302 &\n(setsid sleep 303 &)\nwait\n' > "$W/tree.sh"
PM2=$PEERS_DIR/node_modules/.bin/pm2
DAEMON=""
cleanup() {
  if [ -n "$DAEMON" ] && kill -0 "$DAEMON" 2>/dev/null; then
    kill -TERM "$DAEMON"
    wait_gone "$DAEMON" 30 || kill -KILL "$DAEMON"
  fi
  reap
}
trap cleanup EXIT
g() { nours "^(/usr/bin/)?sleep 30$1\$"; }
waitn() {
  local end=$(($(date +%s) + 60))
  while [ "$(nours '^(/usr/bin/)?sleep 30[123]$')" -lt 30 ]; do
    [ "$(date +%s)" -gt "$end" ] && { log "TIMEOUT waiting for 30 grandchildren"; return 1; }
    sleep 0.1
  done
}
survivors() { # TOOL VARIANT
  sleep 3
  local a b c
  a=$(g 1)
  b=$(g 2)
  c=$(g 3)
  record "$1" "tree_${2}_g1" "$a" count "plain & survivors of 10"
  record "$1" "tree_${2}_g2" "$b" count "setsid survivors of 10"
  record "$1" "tree_${2}_g3" "$c" count "double-fork survivors of 10"
}
reap() {
  local pids
  pids=$(ours '^(/usr/bin/)?sleep 30[123]$' | cut -f1 | tr '\n' ' ')
  # shellcheck disable=SC2086 # a list of pids
  [ -z "${pids// /}" ] || kill $pids 2> /dev/null || true
  sleep 0.3
}

# hummel: `hummel stop NAME` for each (the CLI's normal stop), then the
# same trees once more and the daemon's own stop (SIGTERM, `hummel down`).
H=$W/hummel
mkdir -p "$H/rt"
chmod 700 "$H/rt"
for i in $(seq 10); do
  printf '[processes.t%d]\nargv = ["/usr/bin/sh", "%s"]\ngrace_period = "2s"\n\n' "$i" "$W/tree.sh"
done > "$H/hummel.toml"
HUMMEL_RUNTIME_DIR=$H/rt "$HUMMEL_BIN" daemon --dir "$H" --state-dir "$H/state" \
  --no-output --http off 2> "$H/daemon.log" &
DAEMON=$!
register "$DAEMON" hummel "$H"
waitn
for i in $(seq 10); do
  HUMMEL_RUNTIME_DIR=$H/rt "$HUMMEL_BIN" stop "t$i" --dir "$H" > /dev/null
done
survivors hummel stop
reap
for i in $(seq 10); do
  HUMMEL_RUNTIME_DIR=$H/rt "$HUMMEL_BIN" run "t$i" --dir "$H" > /dev/null
done
waitn
kill -TERM "$DAEMON"
wait_gone "$DAEMON" 60
DAEMON=""
survivors hummel daemon_stop
reap

# PM2 (treekill on by default): `pm2 stop all`.
export PM2_HOME=$W/pm2home
node -e 'const s=process.argv[1],apps=[];for(let i=1;i<=10;i++)apps.push({name:"t"+i,script:"/usr/bin/sh",args:[s],interpreter:"none"});console.log(JSON.stringify({apps}))' \
  "$W/tree.sh" > "$W/eco.json"
"$PM2" ping > /dev/null 2>&1
DAEMON=$(cat "$PM2_HOME/pm2.pid")
register "$DAEMON" pm2 "$PM2_HOME"
"$PM2" start "$W/eco.json" > /dev/null 2>&1
waitn
"$PM2" stop all > /dev/null 2>&1
survivors pm2 stop
reap
"$PM2" delete all > /dev/null 2>&1
kill -TERM "$DAEMON"
wait_gone "$DAEMON" 30
DAEMON=""

# supervisord with its defaults, and with stopasgroup/killasgroup.
for grp in false true; do
  D=$W/sup-$grp
  mkdir -p "$D"
  {
    printf '[unix_http_server]\nfile=%s/s.sock\n[supervisord]\nlogfile=%s/d.log\npidfile=%s/d.pid\nchildlogdir=%s\n' "$D" "$D" "$D" "$D"
    printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n[supervisorctl]\nserverurl=unix://%s/s.sock\n' "$D"
    for i in $(seq 10); do
      printf '[program:t%d]\ncommand=/usr/bin/sh %s\nstartsecs=0\nstopasgroup=%s\nkillasgroup=%s\n' "$i" "$W/tree.sh" "$grp" "$grp"
    done
  } > "$D/s.conf"
  supervisord -c "$D/s.conf"
  while [ ! -s "$D/d.pid" ]; do sleep 0.01; done
  DAEMON=$(cat "$D/d.pid")
  register "$DAEMON" supervisord "$D/s.conf"
  waitn
  supervisorctl -c "$D/s.conf" stop all > /dev/null
  if [ "$grp" = true ]; then
    survivors supervisord stop_asgroup
  else
    survivors supervisord stop
  fi
  reap
  kill -TERM "$DAEMON"
  wait_gone "$DAEMON" 30
  DAEMON=""
done
