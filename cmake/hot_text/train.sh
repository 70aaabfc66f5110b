#!/usr/bin/env bash
# The training run behind cmake/hot_text/sections.txt: a daemon of a
# coverage build (gen.sh makes one) does a developer's day in two minutes,
# so gcov can tell which of its functions run at all.
#   cmake/hot_text/train.sh BUILD_DIR   (hummel, hummel-daemon, hummel-spawn)
# What it does is what the daemon does every day and what `make bench`
# measures: 100 `sleep 300` started at once, listings by the CLI and over
# HTTP (sessionless and in a session), starts and stops over HTTP and by the
# CLI, two loggers of 200,000 lines (line- and block-buffered), a failing
# process with an error in its output, package.json scripts, a reload,
# logs, errors, the dashboard's page, and `hummel down`: the daemon must
# end normally for gcov to write.
set -euo pipefail
b=$(cd "$1" && pwd)
w=$(mktemp -d /tmp/hummel-train-XXXXXX)
trap 'HUMMEL_RUNTIME_DIR=$w/rt "$b/hummel" down --dir "$w/p" >/dev/null 2>&1 || true; rm -rf "$w"' EXIT
mkdir -p "$w/p" && mkdir -m 700 "$w/rt"
export HUMMEL_RUNTIME_DIR=$w/rt XDG_STATE_HOME=$w/state
h() { "$b/hummel" --dir "$w/p" "$@"; }
{
  printf '[daemon]\nhttp = "127.0.0.1:0"\n\n'
  for i in $(seq 100); do
    printf '[processes.s%d]\nargv = ["/usr/bin/sleep", "300"]\nrestart = "no"\n\n' "$i"
  done
  printf '[processes.logline]\nargv = ["/usr/bin/stdbuf", "-oL", "/usr/bin/seq", "-f", "line %%07g", "1", "200000"]\nrestart = "no"\nautostart = false\n\n'
  printf '[processes.logblock]\nargv = ["/usr/bin/seq", "-f", "line %%07g", "1", "200000"]\nrestart = "no"\nautostart = false\n\n'
  printf '[processes.web]\ncommand = "echo listening on 3000; exec sleep 300"\nready = { log = "listening on" }\n\n'
  printf '[processes.crash]\ncommand = "echo starting; echo \\"Error: connect ECONNREFUSED 127.0.0.1:5432\\" >&2; echo \\"    at TCPConnectWrap.afterConnect (node:net:1555:16)\\" >&2; exit 1"\nrestart = "on-failure"\nmax_restarts = 2\ndepends_on = { web = "ready" }\n'
} > "$w/p/hummel.toml"
printf '{"name": "train", "packageManager": "npm@10.0.0",\n "scripts": {"build": "echo built", "lint": "exit 2"}}\n' \
  > "$w/p/package.json"
h up > "$w/up.txt"
url=$(grep -o 'http://[^ ]*/mcp' "$w/up.txt" | head -1)
count() { # STATUS [NAME]: processes in that status
  h ps --json | python3 -c 'import json, sys
ps = json.load(sys.stdin)["processes"]
print(sum(p["status"] == sys.argv[1] and sys.argv[2] in ("", p["name"]) for p in ps))' "$1" "${2:-}"
}
for _ in $(seq 100); do
  [ "$(count running)" -ge 100 ] && break
  sleep 0.1
done
for _ in $(seq 10); do h ps > /dev/null; h ps --json > /dev/null; done
post() { # METHOD NAME ARGS_JSON
  curl -s "$url" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $1" -H "Mcp-Name: $2" \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":{\"name\":\"$2\",\"arguments\":$3,\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}" > /dev/null
}
for _ in $(seq 20); do
  post tools/call scripts_status '{"name":"s1"}'
  post tools/call scripts_status '{}'
done
post tools/call scripts_list '{}'
# A session of the handshake era, as the SDK clients speak it.
sid=$(curl -s -D - -o /dev/null "$url" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"train","version":"1"}}}' \
  | tr -d '\r' | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}')
spost() {
  curl -s "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2025-06-18' -H "Mcp-Session-Id: $sid" -d "$1" > /dev/null
}
spost '{"jsonrpc":"2.0","method":"notifications/initialized"}'
spost '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
spost '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"scripts_status","arguments":{}}}'
spost '{"jsonrpc":"2.0","id":4,"method":"resources/list"}'
spost '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"logs_search","arguments":{"query":"line","limit":5}}}'
# Commands: over HTTP (as `make bench` starts its 100) and by the CLI.
for i in $(seq 1 20); do post tools/call scripts_stop "{\"name\":\"s$i\"}"; done
for i in $(seq 1 20); do post tools/call scripts_run "{\"name\":\"s$i\"}" & done
wait
h stop s21 > /dev/null; h restart s22 > /dev/null; h run s21 > /dev/null
for l in logline logblock; do
  h run "$l" > /dev/null
  for _ in $(seq 300); do
    [ "$(count succeeded "$l")" -ge 1 ] && break
    sleep 0.2
  done
done
h logs logline > /dev/null; h logs web > /dev/null; h logs --grep 'line 00001' logline > /dev/null || true
h scripts > /dev/null; h run build > /dev/null || true; h run lint > /dev/null || true
printf '\n[processes.late]\nargv = ["/usr/bin/sleep", "300"]\n' >> "$w/p/hummel.toml"
h reload > /dev/null || true
sleep 3 # the crashing process's restarts
h errors > /dev/null || true; h errors --json > /dev/null || true
curl -s "${url%/mcp}/" > /dev/null
h down > /dev/null
