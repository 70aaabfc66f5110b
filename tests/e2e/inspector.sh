#!/usr/bin/env bash
# inspector.sh HUMMEL_BIN: the MCP Inspector CLI (@modelcontextprotocol/
# inspector 2.12.0) against hummel, over Streamable HTTP and over stdio
# (`hummel mcp --dir PROJECT`, which relays to the running daemon): list
# the tools, call each of the 7 tools with valid arguments, an argument
# error, resources/list, resources/templates/list and resources/read, and
# tools/list in the 2026-07-28 era. Outputs are checked with expect.mjs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
e2e_start_daemon

INSPECTOR=$E2E_DIR/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js
OUT=$WORK/inspector
mkdir -p "$OUT" "$WORK/home"
passed=0
failed=0
calls=0
call_ms=0

# check LABEL FILE EXPR: one assertion on a JSON output (see expect.mjs).
check() {
  if node "$E2E_DIR/expect.mjs" "$1" "$2" "$3"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
}

# insp FILE WANT_RC INSPECTOR_ARGS...: one Inspector CLI call on the current
# TARGET (with the options PRE before it); stdout to FILE. Fails the check unless it exits with WANT_RC.
insp() {
  local file=$1 want=$2 rc=0 start end
  shift 2
  start=$(date +%s%N)
  # The target first: --tool-arg takes every word after it.
  # HOME: the Inspector keeps a catalog and storage under ~/.mcp-inspector.
  HOME=$WORK/home timeout 60 node "$INSPECTOR" --cli "${PRE[@]}" "${TARGET[@]}" "$@" \
    >"$file" 2>"$file.err" || rc=$?
  end=$(date +%s%N)
  calls=$((calls + 1))
  call_ms=$((call_ms + (end - start) / 1000000))
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $MODE $*: exit $rc, expected $want" >&2
    head -c 2000 "$file" "$file.err" >&2
    failed=$((failed + 1))
    return 1
  fi
}

# suite MODE: every check over the transport in TARGET.
suite() {
  MODE=$1
  local o=$OUT/$MODE
  local tools='["cluster_status","config_reload","logs_clear","logs_errors","logs_search","logs_stream","scripts_list","scripts_restart","scripts_run","scripts_status","scripts_stop"]'

  insp "$o.tools.json" 0 --method tools/list || true
  check "$MODE tools/list has exactly the 7 tools" "$o.tools.json" \
    "JSON.stringify(r.tools.map(t => t.name).sort()) === '$tools'"
  check "$MODE every tool has schemas and annotations" "$o.tools.json" \
    "r.tools.every(t => t.inputSchema.type === 'object' && t.outputSchema.type === 'object' && typeof t.annotations.readOnlyHint === 'boolean')"

  insp "$o.status.json" 0 --method tools/call --tool-name scripts_status || true
  check "$MODE scripts_status: svc runs" "$o.status.json" \
    "!r.isError && sc.processes.some(p => p.name === 'svc' && p.status === 'running' && p.pid > 0) && sc.view_version >= 0"
  check "$MODE scripts_status: text is a table, structuredContent the data" \
    "$o.status.json" \
    "/^\\d+ processes: /.test(text0) && text0.includes('NAME') && parsed === undefined && sc.processes.length >= 5"

  # --strict: the Inspector's schema portability lint, in full on stderr;
  # hummel's schemas must give no finding at all (not even a warning).
  insp "$o.strict.json" 0 --strict --method tools/list || true
  if grep -qE '^(Warning|Error): tool|portability' "$o.strict.json.err"; then
    echo "FAIL $MODE tools/list --strict reported:" >&2
    head -c 3000 "$o.strict.json.err" >&2
    failed=$((failed + 1))
  else
    echo "ok $MODE tools/list --strict: no schema portability finding"
    passed=$((passed + 1))
  fi

  insp "$o.list.json" 0 --method tools/call --tool-name scripts_list || true
  check "$MODE scripts_list: processes and the package.json script" \
    "$o.list.json" \
    "['svc','printer','ticker','flood'].every(n => sc.processes.some(p => p.name === n)) && sc.processes.some(p => p.name === 'hello' && p.kind === 'script') && sc.processes.find(p => p.name === 'svc').running === true"

  insp "$o.run.json" 0 --method tools/call --tool-name scripts_run \
    --tool-arg name=ticker || true
  check "$MODE scripts_run ticker: running, not a duplicate" "$o.run.json" \
    "!r.isError && sc.name === 'ticker' && sc.status === 'running' && sc.pid > 0 && sc.duplicate === false"

  insp "$o.run2.json" 0 --method tools/call --tool-name scripts_run \
    --tool-arg name=ticker || true
  check "$MODE scripts_run ticker again: duplicate" "$o.run2.json" \
    "!r.isError && sc.duplicate === true && sc.status === 'running'"

  insp "$o.stream.json" 0 --method tools/call --tool-name logs_stream \
    --tool-arg name=ticker follow=true timeout_ms=700 || true
  check "$MODE logs_stream ticker (follow 700 ms): lines and next_seq" \
    "$o.stream.json" \
    "!r.isError && sc.lines.length > 0 && sc.lines.every(l => l.process === 'ticker' && /^tick \\d+$/.test(l.text)) && sc.next_seq >= sc.lines.at(-1).seq"

  insp "$o.search.json" 0 --method tools/call --tool-name logs_search \
    --tool-arg 'query=^tick [0-9]+$' regex=true name=ticker limit=5 || true
  check "$MODE logs_search regex: newest ticker lines first" \
    "$o.search.json" \
    "!r.isError && sc.matches.length === 5 && sc.matches[0].seq > sc.matches[4].seq && sc.searched_lines >= 5"

  insp "$o.stop.json" 0 --method tools/call --tool-name scripts_stop \
    --tool-arg name=ticker || true
  check "$MODE scripts_stop ticker: final status" "$o.stop.json" \
    "!r.isError && sc.name === 'ticker' && sc.status === 'stopped' && sc.pid === null && sc.end_time !== null"

  local before
  insp "$o.svc.json" 0 --method tools/call --tool-name scripts_status \
    --tool-arg name=svc || true
  before=$(node -e 'const r=require(process.argv[1]);console.log(r.structuredContent.processes.find(p=>p.name==="svc").run_id)' "$o.svc.json" 2>/dev/null || echo 0)
  insp "$o.restart.json" 0 --method tools/call --tool-name scripts_restart \
    --tool-arg name=svc || true
  check "$MODE scripts_restart svc: a new run" "$o.restart.json" \
    "!r.isError && sc.name === 'svc' && sc.status === 'running' && sc.pid > 0 && sc.run_id === $before + 1"

  insp "$o.bad.json" 5 --method tools/call --tool-name scripts_stop \
    --tool-arg name=no_such_process || true
  check "$MODE scripts_stop of an unknown name: isError result" \
    "$o.bad.json" "r.error?.code === 'tool_is_error' || r.isError === true"

  insp "$o.resources.json" 0 --method resources/list || true
  check "$MODE resources/list names hummel://processes" "$o.resources.json" \
    "r.resources.some(x => x.uri === 'hummel://processes')"

  insp "$o.templates.json" 0 --method resources/templates/list || true
  check "$MODE resources/templates/list: processes/{name}, logs/{name}" \
    "$o.templates.json" \
    "['hummel://processes/{name}','hummel://logs/{name}'].every(u => r.resourceTemplates.some(t => t.uriTemplate === u))"

  insp "$o.read.json" 0 --method resources/read --uri hummel://processes || true
  check "$MODE resources/read hummel://processes: the view as JSON" \
    "$o.read.json" \
    "r.contents[0].uri === 'hummel://processes' && JSON.stringify(parsed).includes('\"svc\"')"

  insp "$o.read1.json" 0 --method resources/read \
    --uri hummel://processes/svc || true
  check "$MODE resources/read hummel://processes/svc" "$o.read1.json" \
    "r.contents[0].uri === 'hummel://processes/svc' && text0.includes('svc')"

  insp "$o.readlog.json" 0 --method resources/read \
    --uri hummel://logs/ticker || true
  check "$MODE resources/read hummel://logs/ticker" "$o.readlog.json" \
    "r.contents[0].uri === 'hummel://logs/ticker' && text0.includes('tick ')"

  insp "$o.modern.json" 0 --protocol-era modern --method tools/call \
    --tool-name scripts_status --tool-arg name=svc || true
  check "$MODE 2026-07-28 era: scripts_status svc" "$o.modern.json" \
    "!r.isError && sc.processes.length === 1 && sc.processes[0].name === 'svc'"
}

start=$(date +%s%N)
PRE=()
TARGET=("$MCP_URL")
suite http
# The SDK's stdio transport passes only a few variables to the server.
PRE=(-e "HUMMEL_RUNTIME_DIR=$HUMMEL_RUNTIME_DIR")
TARGET=("$HUMMEL" mcp --dir "$WORK/proj")
suite stdio
end=$(date +%s%N)

e2e_check_alive
# `hummel mcp` must have used our daemon, not started another one.
pid_now=$(sed -n 's/^ *"pid": *\([0-9][0-9]*\).*/\1/p' \
  "$HUMMEL_RUNTIME_DIR"/hummel/*.json)
if [ "$pid_now" = "$DAEMON_PID" ]; then
  passed=$((passed + 1))
else
  echo "FAIL: the runtime file names pid $pid_now, not $DAEMON_PID" >&2
  failed=$((failed + 1))
fi

echo "FIGURES inspector: $calls Inspector CLI calls in" \
  "$(((end - start) / 1000000)) ms (mean $((call_ms / calls)) ms per call," \
  "node start-up included)"
echo "inspector checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
