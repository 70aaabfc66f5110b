#!/usr/bin/env bash
# hub.sh HUMMEL_BIN: the local hub as an assistant meets it (issue 15,
# acceptance 2): three projects started with `hummel up`, then the official
# SDK client (v1) starts `hummel mcp --hub` as a stdio server (configured
# once, like `claude mcp add hummel -- hummel mcp --hub`), lists the
# projects, runs scripts_status across all of them and stops a process in
# one; `hummel ps` in that folder shows it stopped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
for name in api web worker; do
  mkdir -p "$WORK/$name"
  cat >"$WORK/$name/hummel.toml" <<'TOML'
[processes.svc]
command = "sleep 300"

[processes.side]
command = "sleep 300"
TOML
  "$HUMMEL" up --dir "$WORK/$name" --http off >/dev/null \
    || e2e_fail "hummel up in $name failed"
done
(cd "$E2E_DIR" && HUMMEL="$HUMMEL" node hub.mjs) || e2e_fail "the hub client failed"
ps_web=$("$HUMMEL" ps --dir "$WORK/web" --json)
echo "$ps_web" | grep -q '"stopped"' || e2e_fail "svc of web is not stopped: $ps_web"
[ -f "$HUMMEL_RUNTIME_DIR/hummel/hub.json" ] || e2e_fail "no hub runtime file"
echo "PASS hub"
