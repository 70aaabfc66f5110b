#!/usr/bin/env bash
# dashboard.sh HUMMEL_BIN: the web dashboard in headless Chromium (Debian's
# `chromium`, driven by puppeteer-core; no browser download), with the
# installed binaries used as the README says: `cmake --install` into a
# throw-away prefix, a fresh project, `hummel up`. dashboard.mjs then opens
# the page and checks: no console error, the processes shown, `hummel stop`
# through the CLI shown within 500 ms (change → pixel, p95 over 50 changes,
# measured in the page with the Performance API against the delta's
# time_ms), its stop button stops a process, keyboard selection shows the
# log, a phone-sized window, and refusals (foreign Origin, cross-site form
# POST). Saves a screenshot (see SCREENSHOT below). Then a `hummel monitor`
# linked to the project (its [cluster] listen): dashboard_cluster.mjs opens
# the monitor's page and checks the nodes list, the Node column, a change
# over the link, and a refused remote stop.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || e2e_fail "no $CHROMIUM: install Debian's chromium (make deps)"
[ -d "$E2E_DIR/node_modules/puppeteer-core" ] \
  || e2e_fail "puppeteer-core missing in $E2E_DIR/node_modules: run 'make e2e-deps'"
BUILD=$(dirname "$HUMMEL")
PREFIX=$WORK/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
P=$WORK/dash-project
mkdir -p "$P"
CPORT=$((20000 + RANDOM % 20000))
cat >"$P/hummel.toml" <<TOML
[daemon]
http = "127.0.0.1:0"

[cluster]
node = "dash"
listen = "127.0.0.1:$CPORT"

TOML
cat >>"$P/hummel.toml" <<'TOML'
[processes.api]
command = "sh -c 'echo listening on http://localhost:8080; i=0; while :; do i=$((i+1)); echo api request $i served; sleep 1; done'"

[processes.worker]
command = "sh -c 'echo worker up; echo warning: queue slow >&2; sleep 600'"

[processes.cache]
command = "sleep 600"

[processes.queue]
command = "sleep 600"

[processes.mailer]
command = "sleep 600"

[processes.search]
command = "sleep 600"

[processes.build]
command = "sh -c 'echo compiling; echo \"Error: cannot find module x\" >&2; exit 1'"
autostart = false
restart = "no"
TOML
h() { (cd "$P" && env PATH="$PREFIX/bin:$NODE_BIN:/usr/bin:/bin" hummel "$@"); }
MON_PID=""
cleanup_dash() {
  [ -z "$MON_PID" ] || kill "$MON_PID" 2>/dev/null || true
  h down >/dev/null 2>&1 || true
}
# e2e_cleanup exits with the status it finds in $?: keep the script's.
trap 'e2e_rc=$?; cleanup_dash; (exit "$e2e_rc"); e2e_cleanup' EXIT
h up --json >"$WORK/up.json"
DAEMON_RUNTIME=$(ls "$HUMMEL_RUNTIME_DIR"/hummel/*.json | head -1)
MCP_URL=$(sed -n 's/^ *"http": *"\([^"]*\)".*/\1/p' "$DAEMON_RUNTIME")
[ -n "$MCP_URL" ] || e2e_fail "no http URL in $DAEMON_RUNTIME"
e2e_log "daemon up at $MCP_URL"
h run build >/dev/null 2>&1 || true
# The screenshot goes to the build folder; DASHBOARD_SCREENSHOT=docs/dashboard.png
# refreshes the one of the docs.
SCREENSHOT=${DASHBOARD_SCREENSHOT:-$BUILD/dashboard.png}
# puppeteer-core never downloads a browser; this also keeps `npm ci` quiet.
export PUPPETEER_SKIP_DOWNLOAD=1
node "$E2E_DIR/dashboard.mjs" --url "${MCP_URL%/mcp}" --chromium "$CHROMIUM" \
  --hummel "$PREFIX/bin/hummel" --project "$P" --screenshot "$SCREENSHOT" \
  --changes "${DASHBOARD_CHANGES:-50}"
# The page under load: 1,600 rows, 100 changes a second, from a stand-in
# feed (the real page files); frame interval, repaint time, heap.
node "$E2E_DIR/dashboard_scale.mjs" --url "${MCP_URL%/mcp}" \
  --chromium "$CHROMIUM" --seconds "${DASHBOARD_SCALE_SECONDS:-20}"
# The cluster: a monitor linked to the project's daemon, its page.
M=$WORK/monitor
mkdir -p "$M"
(cd "$M" && exec env PATH="$PREFIX/bin:/usr/bin:/bin" hummel monitor --node mon \
  --http 127.0.0.1:0 --peer "127.0.0.1:$CPORT") >"$WORK/monitor.log" 2>&1 &
MON_PID=$!
MON_URL=""
for _ in $(seq 500); do
  for f in "$HUMMEL_RUNTIME_DIR"/hummel/*.json; do
    [ "$f" = "$DAEMON_RUNTIME" ] && continue
    MON_URL=$(sed -n 's/^ *"http": *"\([^"]*\)".*/\1/p' "$f" 2>/dev/null || true)
  done
  [ -n "$MON_URL" ] && break
  sleep 0.02
done
[ -n "$MON_URL" ] || e2e_fail "the monitor wrote no runtime file with an http URL"
node "$E2E_DIR/dashboard_cluster.mjs" --url "${MON_URL%/mcp}" \
  --chromium "$CHROMIUM" --hummel "$PREFIX/bin/hummel" --project "$P" \
  --node dash ${DASHBOARD_CLUSTER_SCREENSHOT:+--screenshot "$DASHBOARD_CLUSTER_SCREENSHOT"}
