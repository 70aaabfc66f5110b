#!/usr/bin/env bash
# hostile.sh HUMMEL_BIN: hostile input against the daemon's HTTP endpoint
# (hostile.mjs): 10,000 malformed requests, a pathological regex over
# 100,000 lines, 500 idle SSE streams. Exit status: 0 when all checks pass.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
e2e_start_daemon
export MCP_URL DAEMON_PID
start=$(date +%s%N)
rc=0
(cd "$E2E_DIR" && timeout 180 node hostile.mjs) || rc=$?
echo "=== hostile: exit $rc in $((($(date +%s%N) - start) / 1000000)) ms ==="
e2e_check_alive
exit "$rc"
