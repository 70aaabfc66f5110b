#!/usr/bin/env bash
# installed.sh HUMMEL_BIN: the installed binaries, used exactly as the README
# and docs/guide.md tell a user (issue 10, acceptance 2 and 5):
#   cmake --install into a throw-away prefix; PATH = <prefix>/bin and the
#   system folders only; a fresh project folder; `hummel up`, `ps`, `logs`,
#   `run NAME --wait` (exit codes 0, 3, and 130 after Ctrl-C), `stop`,
#   `restart`, `down`; `--version`; bash completion of a process name; and a
#   stdio MCP client with the SDK's reduced environment reaching the daemon.
# The daemon uses the default runtime folder (no HUMMEL_RUNTIME_DIR), as a
# user's would; the project folder is unique, so no other daemon shares it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
e2e_init "${1:-}"
BUILD=$(dirname "$HUMMEL")
PREFIX=$WORK/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
export XDG_RUNTIME_DIR=$WORK/not-used # must not matter
P=$WORK/fresh-project
mkdir -p "$P"
cat >"$P/hummel.toml" <<'TOML'
[processes.svc]
command = "sleep 300"

[processes.ok]
command = "echo all good"
autostart = false

[processes.three]
command = "echo failing >&2; exit 3"
autostart = false

[processes.long]
command = "echo started; sleep 300"
autostart = false
TOML
ID=
cleanup_installed() {
  env -u HUMMEL_RUNTIME_DIR PATH="$PREFIX/bin:/usr/bin:/bin" hummel down --dir "$P" >/dev/null 2>&1 || true
}
# e2e_cleanup exits with the status it finds in $?: keep the script's.
trap 'e2e_rc=$?; cleanup_installed; (exit "$e2e_rc"); e2e_cleanup' EXIT
h() { (cd "$P" && env -u HUMMEL_RUNTIME_DIR PATH="$PREFIX/bin:/usr/bin:/bin" hummel "$@"); }
expect_rc() {
  local want=$1; shift
  local rc=0
  h "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  [ "$rc" = "$want" ] || { cat "$WORK/out" "$WORK/err" >&2; e2e_fail "hummel $* exited $rc, expected $want"; }
}
[ "$(PATH="$PREFIX/bin:/usr/bin:/bin" command -v hummel)" = "$PREFIX/bin/hummel" ] \
  || e2e_fail "the installed hummel is not the one on PATH"
expect_rc 0 --version
grep -q '^hummel [0-9]' "$WORK/out" || e2e_fail "--version: $(cat "$WORK/out")"
expect_rc 0 up --json
DPID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).pid)' "$WORK/out")
ID=$(node -e 'console.log(require("path").basename(JSON.parse(require("fs").readFileSync(process.argv[1])).socket, ".sock"))' "$WORK/out")
[ "$(readlink "/proc/$DPID/exe")" = "$PREFIX/bin/hummel-daemon" ] \
  || e2e_fail "the daemon is not the installed hummel-daemon: $(readlink "/proc/$DPID/exe")"
e2e_log "up: daemon $DPID from $PREFIX/bin"
expect_rc 0 ps
grep -q '^svc ' "$WORK/out" || e2e_fail "ps: $(cat "$WORK/out")"
expect_rc 0 run ok --wait
grep -qx 'all good' "$WORK/out" || e2e_fail "run ok --wait printed: $(cat "$WORK/out")"
expect_rc 3 run three --wait
grep -qx 'failing' "$WORK/err" || e2e_fail "run three --wait stderr: $(cat "$WORK/err")"
# Ctrl-C: SIGINT to the CLI (as a terminal sends it to the foreground job).
(cd "$P" && exec env -u HUMMEL_RUNTIME_DIR PATH="$PREFIX/bin:/usr/bin:/bin" hummel run long --wait >"$WORK/long.out" 2>&1) &
CLI=$!
for _ in $(seq 100); do grep -q started "$WORK/long.out" 2>/dev/null && break; sleep 0.1; done
grep -q started "$WORK/long.out" || e2e_fail "run long --wait printed nothing: $(cat "$WORK/long.out")"
kill -INT "$CLI"
rc=0; wait "$CLI" || rc=$?
[ "$rc" = 130 ] || e2e_fail "run long --wait after Ctrl-C exited $rc, expected 130"
expect_rc 0 ps long --json
node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (j.processes ? j.processes[0].pid : j.pid) process.exit(1)' "$WORK/out" \
  || e2e_fail "long still runs after Ctrl-C: $(cat "$WORK/out")"
e2e_log "run --wait: 0, 3, 130 after Ctrl-C"
expect_rc 0 logs ok
grep -q 'all good' "$WORK/out" || e2e_fail "logs ok: $(cat "$WORK/out")"
expect_rc 0 restart svc
expect_rc 0 stop svc
# Bash completion of a process name, from the installed script.
COMP=$(env -u HUMMEL_RUNTIME_DIR PATH="$PREFIX/bin:/usr/bin:/bin" bash -c '
  cd "$1"; source "$2"; COMP_WORDS=(hummel stop lo); COMP_CWORD=2
  COMP_LINE="hummel stop lo"; COMP_POINT=${#COMP_LINE}
  fn=$(complete -p hummel | sed -n "s/.*-F \([^ ]*\).*/\1/p"); $fn hummel lo stop
  printf "%s\n" "${COMPREPLY[@]}"' _ "$P" "$PREFIX/share/bash-completion/completions/hummel")
[ "$COMP" = long ] || e2e_fail "completion of 'hummel stop lo' gave: $COMP"
# The stdio MCP client with the SDK's default environment (svc runs again:
# it reads svc's pid).
expect_rc 0 up
expect_rc 0 run svc
(cd "$E2E_DIR" && env -i PATH="$PREFIX/bin:/usr/bin:/bin:$NODE_BIN" HOME="$HOME" \
  HUMMEL="$PREFIX/bin/hummel" PROJECT_DIR="$P" node reduced_env.mjs) \
  || e2e_fail "a client with a reduced environment did not reach the daemon"
[ "$(ls "$WORK/not-used" 2>/dev/null | wc -l)" = 0 ] || e2e_fail "XDG_RUNTIME_DIR was used"
expect_rc 0 down
for _ in $(seq 50); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$DPID" 2>/dev/null && e2e_fail "the daemon $DPID is still alive after down"
left=$( (grep -lz "^HUMMEL_RUN=$ID/" /proc/[0-9]*/environ 2>/dev/null || true) | wc -l)
[ "$left" = 0 ] || e2e_fail "$left process(es) of the project left after down"
echo "PASS installed"
