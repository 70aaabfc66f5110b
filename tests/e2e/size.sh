#!/usr/bin/env bash
# size.sh HUMMEL_BIN: the size of a 100-process scripts_status answer. A
# daemon for a project of 100 services (`sleep 600`); once all run,
# size.mjs measures the answer on the wire (raw HTTP, 2026-07-28 era) and
# as each SDK client receives it (v1; v2 in both eras), each validating it
# against the outputSchema. Limit: 12 KB (12,288 bytes) in total.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
for i in $(seq -w 1 100); do
  printf '[processes.service-%s]\ncommand = "sleep 600"\n\n' "$i"
done >"$WORK/proj/hummel.toml"
rm -f "$WORK/proj/package.json"
e2e_start_daemon
export MCP_URL
rc=0
(cd "$E2E_DIR" && timeout 120 node size.mjs) || rc=$?
e2e_check_alive
exit "$rc"
