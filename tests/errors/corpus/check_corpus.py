#!/usr/bin/env python3
"""Checks the corpus's own consistency (not the engine): every .log has a .json
with the fields of README.md, groups lie inside the file, do not overlap, do not
start or end on a blank line, and use the known kinds and severities.
Prints a table of fixtures and groups per folder. Exit 1 on a problem.
  check_corpus.py           this corpus (the folder of this script)
  check_corpus.py ROOT      another one in the same layout (../heldout)"""
import json
import pathlib
import re
import sys

KINDS = {"node", "typescript", "eslint", "bundler", "jest", "python-traceback",
         "pytest", "go-panic", "go-build", "rust-panic", "rustc", "java-exception",
         "gcc", "sanitizer", "make", "log"}
FIELDS = ["first", "last", "kind", "severity", "message", "file", "line", "column", "code"]
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else __file__).resolve()
if root.is_file():
    root = root.parent
bad = 0
table = {}
kinds = {}


def problem(path, text):
    global bad
    bad += 1
    print(f"{path.relative_to(root)}: {text}")


for log in sorted(root.glob("*/*.log")):
    meta = log.with_suffix(".json")
    if not meta.exists():
        problem(log, "no .json")
        continue
    doc = json.loads(meta.read_text())
    if list(doc) != ["stream", "command", "tool", "groups"]:
        problem(meta, f"fields {list(doc)}")
    if doc.get("stream") not in ("stdout", "stderr"):
        problem(meta, "stream")
    groups = doc.get("groups")
    if not isinstance(groups, list):
        problem(meta, "groups is not a list (not hand-checked yet?)")
        continue
    lines = log.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    prev = 0
    for g in groups:
        if list(g) != FIELDS:
            problem(meta, f"group fields {list(g)}")
            continue
        if g["kind"] not in KINDS or g["severity"] not in ("error", "warning"):
            problem(meta, f"kind/severity {g['kind']}/{g['severity']}")
        if not (prev < g["first"] <= g["last"] <= len(lines)):
            problem(meta, f"lines {g['first']}-{g['last']} (file has {len(lines)}, previous group ends {prev})")
            continue
        for n in (g["first"], g["last"]):
            if not ANSI.sub(b"", lines[n - 1]).strip():
                problem(meta, f"group {g['first']}-{g['last']} starts or ends on a blank line")
        prev = g["last"]
    for g in groups:
        kinds.setdefault(g["kind"], [0, 0])[g["severity"] == "warning"] += 1
    t = table.setdefault(log.parent.name, [0, 0, 0, 0])
    t[0] += 1
    t[1] += sum(1 for g in groups if g["severity"] == "error")
    t[2] += sum(1 for g in groups if g["severity"] == "warning")
    t[3] += 0 if groups else 1

print(f"{'folder':<12}{'fixtures':>9}{'errors':>8}{'warnings':>9}{'empty':>7}")
for k, (f, e, w, n) in sorted(table.items()):
    print(f"{k:<12}{f:>9}{e:>8}{w:>9}{n:>7}")
tot = [sum(v[i] for v in table.values()) for i in range(4)]
print(f"{'total':<12}{tot[0]:>9}{tot[1]:>8}{tot[2]:>9}{tot[3]:>7}")
print()
print(f"{'kind':<18}{'errors':>8}{'warnings':>9}")
for k, (e, w) in sorted(kinds.items()):
    print(f"{k:<18}{e:>8}{w:>9}")
sys.exit(1 if bad else 0)
