#!/usr/bin/env bash
# Daemon RSS through the log tests, side by side for several builds:
#   bench/peers/rss_logs_cmp.sh ROUNDS DIR...   (DIR: a build's folder with
#   hummel and hummel-daemon)
# For each round and build, one daemon (HTTP on, a fresh state folder) with
# 100 autostarted `sleep 300`; printed per run: VmRSS/RssAnon (kB) 5 s
# after the start, after 10 `hummel ps`, and after `hummel run` of the
# 1 M line `logblock` and then `logline` (as in hummel_case.sh), each to
# its end.
set -euo pipefail
rounds=${1:-2}
shift
tmp=$(mktemp -d /tmp/hummel-rss-logs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
kb() { # PID FIELD
  awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status"
}
one() { # DIR
  local b=$1 w pid r1 r2 r3
  w=$(mktemp -d "$tmp/w-XXXX")
  mkdir -m 700 "$w/rt"
  for i in $(seq 100); do
    printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "300"]\nrestart = "no"\nautostart = true\n\n' "$i"
  done > "$w/hummel.toml"
  printf '[processes.logblock]\nargv = ["/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\nrestart = "no"\nautostart = false\n\n' >> "$w/hummel.toml"
  printf '[processes.logline]\nargv = ["/usr/bin/stdbuf", "-oL", "/usr/bin/seq", "-f", "line %%07g", "1", "1000000"]\nrestart = "no"\nautostart = false\n' >> "$w/hummel.toml"
  HUMMEL_RUNTIME_DIR=$w/rt "$b/hummel" daemon --dir "$w" --state-dir "$w/state" \
    --no-output 2> "$w/daemon.log" &
  pid=$!
  sleep 5
  r1="$(kb "$pid" VmRSS)/$(kb "$pid" RssAnon)"
  for _ in $(seq 10); do HUMMEL_RUNTIME_DIR=$w/rt "$b/hummel" ps --dir "$w" > /dev/null; done
  sleep 2
  r2="$(kb "$pid" VmRSS)/$(kb "$pid" RssAnon)"
  for l in logblock logline; do
    HUMMEL_RUNTIME_DIR=$w/rt "$b/hummel" run "$l" --dir "$w" > /dev/null
    until tail -c 200 "$w/state/logs/$l.log" 2> /dev/null | grep -q 'exited with code 0'; do
      sleep 0.2
    done
    sleep 1
  done
  sleep 1
  r3="$(kb "$pid" VmRSS)/$(kb "$pid" RssAnon)"
  printf '%s: running %s, after 10 listings %s, after both log tests %s kB\n' \
    "$b" "$r1" "$r2" "$r3"
  kill -TERM "$pid"
  wait "$pid" || true
}
for _ in $(seq "$rounds"); do
  for b in "$@"; do
    one "$b"
  done
done
