#!/usr/bin/env bash
# Cluster at scale on one machine: NODES daemons x PROCS `sleep 300`
# processes, plain links on loopback, one monitor linked to all of them.
#   bench/cluster/cluster_bench.sh [HUMMEL_BIN] [NODES] [PROCS] [RESTARTS]
# Measures, all from the monitor's own figures:
#   - propagation: origin node's publish -> monitor's cluster view publish,
#     p50/p99/max over every change (RESTARTS restarts spread over the nodes
#     at RESTART_RATE a second,
#     each a stopping/stopped/running sequence of changes, plus whatever else
#     changed), as kept by the CLUSTER VIEW (cluster_status "propagation");
#   - the monitor's RSS and CPU time;
#   - a killed node: time until stale; back: time until linked and resynced
#     with exactly its processes; a frozen node: time until stale;
#   - with DASHBOARD_SECONDS=S (default 0: skipped): the monitor's web
#     dashboard in headless Chromium (tests/e2e/dashboard_scale.mjs --real)
#     and `hummel ui --all-nodes` in tmux, for S seconds while
#     DASHBOARD_RESTARTS restarts a second (default 28, about 100 changes a
#     second) run over the nodes: frame interval, repaint, change -> pixel,
#     JS heap at start and end; the TUI's CPU time per change. With
#     DASHBOARD_TRACE=FILE, a Chromium performance trace of the page too
#     (tests/e2e/trace_summary.mjs: main-thread work per frame, self time).
# SCHEDULER=stealing|sharing runs every daemon with that CAF scheduler
# policy (default: the daemon's, sharing).
# CLUSTER_TSV=FILE also writes the figures there, one `key<TAB>value<TAB>unit`
# line each (bench/peers/run.sh records them for `make bench`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/hummel}")
nodes=${2:-16}
procs=${3:-100}
restarts=${4:-400}
tmp=$(mktemp -d /tmp/hummel-cluster-XXXXXX)
export HUMMEL_RUNTIME_DIR=$tmp/rt
mkdir -m 700 "$HUMMEL_RUNTIME_DIR"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
base=$((20000 + RANDOM % 20000))
peers=()
start_node() { # i
  local i=$1 dir=$tmp/n$1
  "$bin" daemon --dir "$dir" --state-dir "$dir/st" --no-output --http off \
    --node "n$i" --cluster-listen "127.0.0.1:$((base + i))" \
    ${SCHEDULER:+--scheduler "$SCHEDULER"} >> "$dir.log" 2>&1 &
  pids[$i]=$!
}
for i in $(seq 1 "$nodes"); do
  mkdir -p "$tmp/n$i"
  for j in $(seq 1 "$procs"); do
    printf '[processes.p%d]\ncommand = "sleep 300"\nautostart = true\ngrace_period = "1s"\n\n' "$j"
  done > "$tmp/n$i/hummel.toml"
  start_node "$i"
  peers+=(--peer "127.0.0.1:$((base + i))")
done
mkdir -p "$tmp/mon"
"$bin" monitor --dir "$tmp/mon" --state-dir "$tmp/mon/st" --http 127.0.0.1:0 \
  --node mon "${peers[@]}" ${SCHEDULER:+--scheduler "$SCHEDULER"} \
  > "$tmp/mon.log" 2>&1 &
mon=$!
pids[0]=$mon
nodes_json() { "$bin" nodes --json --dir "$tmp/mon" 2>/dev/null || echo '{"nodes": [], "propagation": {"count": 0}}'; }
q() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
now_ms() { date +%s%3N; }
tsv() { [ -z "${CLUSTER_TSV:-}" ] || printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$CLUSTER_TSV"; }
t0=$(now_ms)
while :; do
  running=$(nodes_json | q "sum(n['counts'].get('running',0) for n in d['nodes'] if n['state']=='linked')")
  [ "$running" -ge $((nodes * procs)) ] && break
  [ $(( $(now_ms) - t0 )) -gt 120000 ] && { echo "timeout: $running running"; exit 1; }
  sleep 0.5
done
up_ms=$(( $(now_ms) - t0 ))
echo "cluster up: $nodes nodes x $procs processes, all running in the monitor's view after $up_ms ms"
tsv up "$up_ms" ms
sleep 2
before=$(nodes_json)
base_count=$(q "d['propagation']['count']" <<< "$before")
q "'before the restarts: %d versions applied, p50 %.2f ms, p99 %.2f ms, max %.2f ms' % (d['propagation']['count'], d['propagation']['p50_ms'], d['propagation']['p99_ms'], d['propagation']['max_ms'])" <<< "$before"
tsv start_p99 "$(q "d['propagation']['p99_ms']" <<< "$before")" ms
tsv start_max "$(q "d['propagation']['max_ms']" <<< "$before")" ms
# Restarts, 4 at a time, round-robin over the nodes, paced at RESTART_RATE
# a second (default 20; 0: as fast as the CLI goes, which saturates the
# two vCPUs with the CLIs' and the new children's execs, so that the
# figures measure the run queue more than the propagation).
rate=${RESTART_RATE:-20}
t0=$(now_ms)
batch=()
for k in $(seq 1 "$restarts"); do
  i=$(( (k % nodes) + 1 )); j=$(( (k * 7) % procs + 1 ))
  "$bin" restart "p$j" --dir "$tmp/n$i" > /dev/null &
  batch+=($!)
  if (( k % 4 == 0 )); then
    wait "${batch[@]}"; batch=()
    if (( rate > 0 )); then
      ahead=$(( t0 + k * 1000 / rate - $(now_ms) ))
      (( ahead <= 0 )) || sleep "$(printf '%d.%03d' $((ahead / 1000)) $((ahead % 1000)))"
    fi
  fi
done
[ ${#batch[@]} -eq 0 ] || wait "${batch[@]}"
sleep 1
elapsed=$(( $(now_ms) - t0 ))
after=$(nodes_json)
q "'propagation over %d versions applied since linking (%d of them before the restarts; restarts took %.1f s): p50 %.2f ms, p99 %.2f ms, max %.2f ms' % (d['propagation']['count'], $base_count, $elapsed/1000, d['propagation']['p50_ms'], d['propagation']['p99_ms'], d['propagation']['max_ms'])" <<< "$after"
for k in count p50_ms p99_ms max_ms; do
  tsv "${k%_ms}" "$(q "d['propagation']['$k']" <<< "$after")" "$([ "$k" = count ] && echo versions || echo ms)"
done
tsv restarts_s "$(python3 -c "print($elapsed / 1000)")" s
read -r rss cpu < <(awk '/VmRSS/{r=$2} END{print r}' /proc/$mon/status | tr '\n' ' '; awk '{print ($14+$15)/100}' /proc/$mon/stat)
echo "monitor: RSS $((rss / 1024)) MiB ($rss KiB), CPU ${cpu} s since start; node n1 RSS $(( $(awk '/VmRSS/{print $2}' /proc/${pids[1]}/status) / 1024 )) MiB"
tsv monitor_rss "$rss" KiB
tsv monitor_cpu "$cpu" s
dash=${DASHBOARD_SECONDS:-0}
if [ "$dash" -gt 0 ]; then
  url=$(python3 -c "import json,glob; print([u for u in (json.load(open(f)).get('http') for f in glob.glob('$HUMMEL_RUNTIME_DIR/hummel/*.json')) if u][0].removesuffix('/mcp'))")
  rate=${DASHBOARD_RESTARTS:-28}
  e2e=$here/../../tests/e2e
  sock=$tmp/tmux.sock
  tmux -S "$sock" new-session -d -x 200 -y 50 "HUMMEL_RUNTIME_DIR=$HUMMEL_RUNTIME_DIR $bin ui --all-nodes --dir $tmp/mon"
  sleep 2
  uipid=$(pgrep -f "$bin ui --all-nodes --dir $tmp/mon" | head -1)
  tmux -S "$sock" capture-pane -p | sed -n 2p | cut -c1-150 | sed 's/^/tui: /'
  c0=$(awk '{print $14+$15}' /proc/$uipid/stat)
  v0=$(nodes_json | q "d['propagation']['count']")
  # One persistent MCP connection per node: a `hummel restart` process per
  # change cost about as much CPU as the change and starved the page.
  python3 "$here/restart_load.py" "$HUMMEL_RUNTIME_DIR" "$rate" "$procs" \
    --skip mon &
  loader=$!
  node "$e2e/dashboard_scale.mjs" --real --url "$url" --chromium /usr/bin/chromium \
    --rows $((nodes * procs)) --rate 100 --seconds "$dash" \
    ${DASHBOARD_TRACE:+--trace "$DASHBOARD_TRACE"} \
    ${DASHBOARD_NICE:+--nice="$DASHBOARD_NICE"} || true
  kill -TERM "$loader"; wait "$loader" 2>/dev/null || true
  c1=$(awk '{print $14+$15}' /proc/$uipid/stat)
  v1=$(nodes_json | q "d['propagation']['count']")
  tmux -S "$sock" capture-pane -p | sed -n 1p | cut -c1-150 | sed 's/^/tui: /'
  echo "tui: $(( (c1 - c0) * 10 )) ms of CPU over $dash s for $((v1 - v0)) peer versions applied by the monitor: $(python3 -c "print('%.3f' % ((($c1 - $c0) * 10) / max(1, $v1 - $v0)))") ms per version"
  tmux -S "$sock" kill-server
  sleep 2
fi
# A killed node.
victim=$nodes
kill -KILL "${pids[$victim]}"
t0=$(now_ms)
until [ "$(nodes_json | q "[n['state'] for n in d['nodes'] if n['name']=='n$victim'][0]")" = stale ]; do :; done
echo "killed n$victim: stale in the monitor's view after $(( $(now_ms) - t0 )) ms (poll by CLI, ~10 ms each)"
sleep 1
start_node "$victim"
t0=$(now_ms)
until [ "$(nodes_json | q "[n['state'] for n in d['nodes'] if n['name']=='n$victim'][0]")" = linked ]; do sleep 0.02; done
linked=$(( $(now_ms) - t0 ))
until [ "$(nodes_json | q "[n['counts'].get('running',0) for n in d['nodes'] if n['name']=='n$victim'][0]")" = "$procs" ]; do sleep 0.05; done
echo "restarted n$victim: linked again after $linked ms from its start, all $procs running after $(( $(now_ms) - t0 )) ms"
"$bin" ps --all-nodes --json --dir "$tmp/mon" | q "'processes in the monitor view: %d, distinct node/name pairs: %d' % (len(d['processes']), len(set((p['node'],p['name']) for p in d['processes'])))"
# A frozen node.
frozen=$((nodes - 1))
kill -STOP "${pids[$frozen]}"
t0=$(now_ms)
until [ "$(nodes_json | q "[n['state'] for n in d['nodes'] if n['name']=='n$frozen'][0]")" = stale ]; do sleep 0.02; done
echo "frozen n$frozen: stale after $(( $(now_ms) - t0 )) ms"
kill -CONT "${pids[$frozen]}"
t0=$(now_ms)
until [ "$(nodes_json | q "[n['state'] for n in d['nodes'] if n['name']=='n$frozen'][0]")" = linked ]; do sleep 0.02; done
echo "thawed n$frozen: linked again after $(( $(now_ms) - t0 )) ms"
grep -c "cluster: lost" "$tmp/mon.log" | sed 's/^/monitor log: "lost" lines: /'
