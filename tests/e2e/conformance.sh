#!/usr/bin/env bash
# conformance.sh HUMMEL_BIN: the official MCP conformance suite against the
# daemon's Streamable HTTP endpoint.
#   1. @modelcontextprotocol/conformance 0.1.16, whole active suite; its
#      results (-o) checked per check against baseline-0.1.16.yml by
#      baseline_checks.mjs (the suite's own baseline is per scenario);
#   2. 0.2.0-alpha.12 with --requirements 2026-07-28, with
#      baseline-2026-07-28.yml (fixtures, MRTR fixtures, tasks extension).
# Each run must pass its baseline check: no unexpected failure, no stale
# entry. Exit status: 0 when both pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
e2e_start_daemon

OUT=$WORK/conformance
mkdir -p "$OUT"
status=0
suites_passed=0
suites_failed=0

# run_suite LABEL PACKAGE_DIR ARGS...: runs one suite, prints its summary
# and the key figures, records a failure in $status. With CHECK_BASELINE
# set, the suite's results (ARGS has -o $OUT/LABEL.results) are checked per
# check against that file instead of the suite's own baseline check.
run_suite() {
  local label=$1 pkg=$2
  shift 2
  local log=$OUT/$label.log start end rc=0
  start=$(date +%s%N)
  timeout 240 node "$E2E_DIR/node_modules/$pkg/dist/index.js" server \
    --url "$MCP_URL" "$@" >"$log" 2>&1 || rc=$?
  end=$(date +%s%N)
  echo "=== $label: exit $rc in $(((end - start) / 1000000)) ms ==="
  sed -n '/=== SUMMARY ===/,$p' "$log"
  local total passing failing
  total=$(grep -cE '^[✓✗] ' "$log" || true)
  passing=$(grep -cE '^✓ ' "$log" || true)
  failing=$(grep -cE '^✗ ' "$log" || true)
  echo "FIGURES $label: $total scenarios, $passing clean, $failing with" \
    "failed checks; checks $(grep -E '^Total: ' "$log" | tail -n 1 \
    | sed 's/^Total: //')"
  if [ -n "${CHECK_BASELINE:-}" ]; then
    # Failing checks make the suite exit 1; the per-check baseline decides.
    if node "$E2E_DIR/baseline_checks.mjs" "$OUT/$label.results" "$log" \
      "$CHECK_BASELINE"; then
      suites_passed=$((suites_passed + 1))
    else
      echo "FAIL: $label: per-check baseline; full log follows" >&2
      cat "$log" >&2
      status=1
      suites_failed=$((suites_failed + 1))
    fi
  elif [ "$rc" -ne 0 ]; then
    echo "FAIL: $label (exit $rc); full log follows" >&2
    cat "$log" >&2
    status=1
    suites_failed=$((suites_failed + 1))
  elif ! grep -q 'Baseline check passed' "$log"; then
    echo "FAIL: $label printed no 'Baseline check passed'" >&2
    status=1
    suites_failed=$((suites_failed + 1))
  else
    suites_passed=$((suites_passed + 1))
  fi
}

CHECK_BASELINE=$E2E_DIR/baseline-0.1.16.yml \
  run_suite conformance-0.1.16 @modelcontextprotocol/conformance \
  -o "$OUT/conformance-0.1.16.results"
e2e_check_alive
run_suite conformance-0.2.0-alpha.12-2026-07-28 conformance-next \
  --requirements 2026-07-28 \
  --expected-failures "$E2E_DIR/baseline-2026-07-28.yml"
e2e_check_alive

echo "conformance suites: $suites_passed passed, $suites_failed failed"
exit "$status"
