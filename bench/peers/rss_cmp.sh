#!/usr/bin/env bash
# Daemon RSS with N autostarted `sleep 300`, side by side for several builds:
#   bench/peers/rss_cmp.sh N ROUNDS WAIT BIN...   (BIN: a build's `hummel`)
# For each round and binary, one daemon (`--http off`, a fresh state folder,
# so no log lines are reloaded) starts N processes (as many as the
# descriptor limit allows); printed per run: the running children, VmRSS
# after WAIT seconds, after 10 `hummel ps`, 5 s later, and RssAnon then.
set -euo pipefail
n=${1:-100}
rounds=${2:-2}
wait_s=${3:-5}
shift 3
tmp=$(mktemp -d /tmp/hummel-rss-cmp-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/rt"
export HUMMEL_RUNTIME_DIR=$tmp/rt
for i in $(seq "$n"); do
  printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "300"]\nrestart = "no"\n\n' "$i"
done > "$tmp/hummel.toml"
ulimit -n "$(ulimit -Hn)"
kb() { # PID FIELD
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}
one() { # BIN
  local bin=$1 pid r1 r2 r3
  rm -rf "$tmp/state" "$tmp/rt/hummel"
  "$bin" daemon --dir "$tmp" --state-dir "$tmp/state" --no-output \
    --http off 2> "$tmp/daemon.log" &
  pid=$!
  sleep "$wait_s"
  r1=$(kb "$pid" VmRSS)
  for _ in $(seq 10); do "$bin" ps --dir "$tmp" > /dev/null; done
  r2=$(kb "$pid" VmRSS)
  sleep 5
  r3=$(kb "$pid" VmRSS)
  printf '%s: %d running; RSS %d kB, after 10 listings %d kB, 5 s later %d kB (anonymous %d kB)\n' \
    "$bin" "$(pgrep -P "$pid" -x sleep | wc -l)" "$r1" "$r2" "$r3" "$(kb "$pid" RssAnon)"
  kill -TERM "$pid"
  wait "$pid" || true
}
for r in $(seq "$rounds"); do
  for bin in "$@"; do
    one "$bin"
  done
done
