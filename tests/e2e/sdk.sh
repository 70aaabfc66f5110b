#!/usr/bin/env bash
# sdk.sh HUMMEL_BIN: the official TypeScript SDK clients against hummel.
#   sdk_v1.mjs (@modelcontextprotocol/sdk 1.32.2): Streamable HTTP and stdio;
#   sdk_v2.mjs (@modelcontextprotocol/client 2.4.0): both transports, the
#   2026-07-28 era (versionNegotiation pinned) and the legacy era;
#   schema_strict.mjs: every tool schema through Ajv's strict mode and
#   zod's fromJSONSchema, results validated by a strict Ajv.
# Exit status: 0 when every run passes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
e2e_start_daemon

export MCP_URL HUMMEL PROJECT_DIR=$WORK/proj
runs_passed=0
runs_failed=0

# run LABEL SCRIPT ARGS...: one client run, bounded in time.
run() {
  local label=$1 rc=0 start end
  shift
  start=$(date +%s%N)
  (cd "$E2E_DIR" && timeout 120 node "$@") || rc=$?
  end=$(date +%s%N)
  echo "=== $label: exit $rc in $(((end - start) / 1000000)) ms ==="
  if [ "$rc" -eq 0 ]; then
    runs_passed=$((runs_passed + 1))
  else
    runs_failed=$((runs_failed + 1))
  fi
  e2e_check_alive
}

run "sdk v1 http" sdk_v1.mjs http
run "sdk v1 stdio" sdk_v1.mjs stdio
run "sdk v2 http 2026-07-28" sdk_v2.mjs http 2026-07-28
run "sdk v2 http legacy" sdk_v2.mjs http legacy
run "sdk v2 stdio 2026-07-28" sdk_v2.mjs stdio 2026-07-28
run "sdk v2 stdio legacy" sdk_v2.mjs stdio legacy
run "strict schemas (Ajv strict, zod)" schema_strict.mjs

echo "sdk runs: $runs_passed passed, $runs_failed failed"
[ "$runs_failed" -eq 0 ]
