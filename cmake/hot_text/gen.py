#!/usr/bin/env python3
"""Writes cmake/hot_text/sections.txt: the daemon's functions that ran in
the training run (cmake/hot_text/train.sh), as the section names that
-ffunction-sections gives them in a Release build.

    cmake/hot_text/gen.py COVERAGE_BUILD RELEASE_BUILD OUT

COVERAGE_BUILD holds the .gcda files of the training run; RELEASE_BUILD the
objects of a Release build with -ffunction-sections (the default build).
A function's section is `.text.NAME`; GCC's clones of it (NAME.constprop.0,
.isra.0, .part.0) have their own, and are listed with it. The split-off
cold parts (.text.unlikely.NAME) of the functions that ran, and the start-
up code (.text.startup.*: static initializers, main) follow them: both run
too (a cold part is only what GCC guessed unlikely). So do the destructors,
constructors and CAF message classes of classes one of whose functions ran:
gcov does not report functions the compiler wrote itself.
"""
import gzip
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def executed(cov_dir):
    """Mangled name -> execution count, for every function that ran."""
    gcdas = [os.path.join(d, f) for d, _, fs in os.walk(cov_dir)
             for f in fs if f.endswith(".gcda")]
    counts = {}

    def one(path):
        out = subprocess.run(["gcov", "--json-format", "--stdout", path],
                             capture_output=True, text=True,
                             cwd=os.path.dirname(path)).stdout
        found = {}
        for line in out.splitlines():
            if not line.startswith("{"):
                continue
            for f in json.loads(line)["files"]:
                for fn in f["functions"]:
                    if fn["execution_count"] > 0:
                        found[fn["name"]] = max(found.get(fn["name"], 0),
                                                fn["execution_count"])
        return found

    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for found in pool.map(one, gcdas):
            for name, n in found.items():
                counts[name] = max(counts.get(name, 0), n)
    return counts


def text_sections(build_dir):
    """Section name -> size, of the .text.* sections of every object."""
    objs = [os.path.join(d, f) for d, _, fs in os.walk(build_dir)
            for f in fs if f.endswith(".o")
            and "/tests/" not in d and "/bench/" not in d]
    sizes = {}
    for i in range(0, len(objs), 200):
        out = subprocess.run(["readelf", "-SW"] + objs[i:i + 200],
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.replace("]", "] ").split()
            for j, p in enumerate(parts):
                if p.startswith(".text.") and j + 4 < len(parts):
                    size = int(parts[j + 4], 16)
                    sizes[p] = max(sizes.get(p, 0), size)
                    break
    return sizes


def demangle(names):
    """Mangled -> demangled (c++filt; a name it cannot read stays)."""
    out = subprocess.run(["c++filt"], input="\n".join(names),
                         capture_output=True, text=True).stdout.splitlines()
    return dict(zip(names, out)) if len(out) == len(names) else {}


def owner(demangled):
    """("ns::cls<T>", "member") of "ns::cls<T>::member(args) const"."""
    depth, end = 0, len(demangled)
    for i, ch in enumerate(demangled):
        if ch == "(" and depth == 0:
            end = i
            break
        depth += ch in "<(" and 1 or ch in ">)" and -1 or 0
    name, depth, last = demangled[:end], 0, -1
    for i in range(len(name) - 1):
        depth += name[i] == "<" and 1 or name[i] == ">" and -1 or 0
        if depth == 0 and name[i:i + 2] == "::":
            last = i
    return (name[:last], name[last + 2:]) if last >= 0 else ("", name)


def companions(counts, candidates):
    """Of `candidates` (section names): every destructor, and the
    constructors and CAF per-message-type tuple and mailbox members of a
    class one of whose functions ran. gcov leaves out such artificial
    functions, which run with the class."""
    ran = demangle(list(counts))
    classes = {owner(d)[0] for d in ran.values()} - {""}
    bases = {s: s[len(".text."):].split(".", 1)[0] for s in candidates}
    names = demangle(sorted(set(bases.values())))
    picked = []
    for sec, base in bases.items():
        cls, member = owner(names.get(base, base))
        if member.startswith("~"):
            picked.append(sec)  # objects die on every path: all of them
            continue
        if cls not in classes:
            continue
        short = cls.rsplit("::", 1)[-1].split("<", 1)[0]
        if member.split("<", 1)[0] == short \
                or any(k in cls for k in ("tuple_vals", "mailbox_element",
                                          "type_erased_value")):
            picked.append(sec)
    return picked


def main():
    cov, rel, out = sys.argv[1:4]
    counts = executed(cov)
    sizes = text_sections(rel)
    by_function, startup, cold_parts = {}, [], []
    for sec in sizes:
        name = sec[len(".text."):]
        if name.startswith("startup."):
            startup.append(sec)  # static initializers, main: all run
        elif name.startswith("unlikely."):
            if name[len("unlikely."):].split(".", 1)[0] in counts:
                cold_parts.append(sec)
        elif not name.startswith(("exit.", "hot.")):
            base = name.split(".", 1)[0]
            if base in counts:
                by_function.setdefault(base, []).append(sec)
    order = sorted(by_function, key=lambda n: (-counts[n], n))
    listed = [s for n in order for s in sorted(by_function[n])]
    taken = set(listed)
    rest = [s for s in sizes if s not in taken
            and not s.startswith((".text.unlikely.", ".text.startup.",
                                  ".text.exit.", ".text.hot."))]
    listed += sorted(companions(counts, rest))
    listed += sorted(startup) + sorted(cold_parts)
    total = sum(sizes[s] for s in listed)
    with open(out, "w") as f:
        f.write("# Generated by cmake/hot_text/gen.py from a run of "
                "cmake/hot_text/train.sh\n")
        f.write(f"# {len(order)} functions that ran, {len(listed)} sections, "
                f"{total} bytes; hottest first, then what the compiler wrote "
                "for their classes, the start-up code and the split-off cold "
                "parts of those that ran\n")
        for s in listed:
            f.write(s + "\n")
    print(f"{len(counts)} functions ran; {len(order)} found in the Release "
          f"objects: {total} bytes of code", file=sys.stderr)


if __name__ == "__main__":
    main()
