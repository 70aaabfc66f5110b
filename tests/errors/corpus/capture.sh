# Shared by make_corpus.sh and ../heldout/make_heldout.sh (sourced, not run):
# the helpers that copy a folder's sources and capture one stream of one
# command into <folder>/<name>.log and the meta fields of <folder>/<name>.json.
# The caller sets HERE (the fixture root), W (the scratch root), NPM (the npm
# prefix whose node_modules is linked into each scratch folder) and TOOL.

npmver() { node -p "require('$NPM/node_modules/$1/package.json').version"; }
want() { [ $# -eq 0 ] && return 0; [ -z "${ONLY:-}" ] && return 0; [[ " $ONLY " == *" $1 "* ]]; }

# prep ECO: fresh copy of ECO/src in $W/ECO.
prep() {
  rm -rf "${W:?}/$1"; mkdir -p "$W/$1"; cp -r "$HERE/$1/src/." "$W/$1/"
  ln -s "$NPM/node_modules" "$W/$1/node_modules"
}

# cap ECO NAME STREAM 'COMMAND' — runs COMMAND with bash in $W/ECO, writes the
# bytes of one stream to ECO/NAME.log and the meta fields of ECO/NAME.json.
cap() {
  local eco=$1 name=$2 stream=$3 cmd=$4 out="$HERE/$1/$2.log"
  if [ "$stream" = stderr ]; then
    (cd "$W/$eco" && bash -c "$cmd" 2>"$out" >/dev/null </dev/null)
  else
    (cd "$W/$eco" && bash -c "$cmd" >"$out" 2>/dev/null </dev/null)
  fi
  python3 - "$HERE/$eco/$name.json" "$stream" "$cmd" "$TOOL" <<'PY'
import json, os, sys
path, stream, cmd, tool = sys.argv[1:5]
doc = {"groups": None}
if os.path.exists(path):
    with open(path) as f:
        doc = json.load(f)
groups = doc.get("groups")
out = {"stream": stream, "command": cmd, "tool": tool, "groups": groups}
with open(path, "w") as f:
    f.write("{\n")
    f.write('  "stream": %s,\n  "command": %s,\n  "tool": %s,\n' % tuple(json.dumps(x) for x in (stream, cmd, tool)))
    if not groups:
        f.write('  "groups": %s\n}\n' % json.dumps(groups))
    else:
        f.write('  "groups": [\n')
        f.write(",\n".join("    " + json.dumps(g, ensure_ascii=False) for g in groups))
        f.write("\n  ]\n}\n")
PY
}
