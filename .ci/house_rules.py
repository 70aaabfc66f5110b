#!/usr/bin/env python3
"""The house rules that a compiler does not check:

1. No source file (C++, Python, JavaScript, shell, CMake) over 400 lines,
   no C++ function over 120 lines (a function is a
   brace block that opens on a line that is not a namespace, class, struct,
   enum, union or initializer; lambdas count toward their enclosing one).
2. Dependencies point one way (docs/architecture.md, "Parts"): every
   project include of a file must name a floor that file may use.

Prints each violation; exit 1 if there is any."""
import re
import subprocess
import sys

LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 120
FILE_LIMIT = 400
NOT_FN = re.compile(r'^\s*(namespace|class|struct|enum|union|extern)\b|=\s*\{?$|^\s*(template\s*<.*>\s*)?(class|struct)\b')


def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split('//')[0]


def scan(path):
    found = []
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    if len(lines) > FILE_LIMIT:
        found.append(f'{path}: file has {len(lines)} lines')
    depth = 0
    stack = []  # (depth at open, start line, is_function)
    in_comment = False
    head = ''
    for no, raw in enumerate(lines, 1):
        line = raw
        if in_comment:
            if '*/' not in line:
                continue
            line = line.split('*/', 1)[1]
            in_comment = False
        if '/*' in line and '*/' not in line.split('/*', 1)[1]:
            line = line.split('/*', 1)[0]
            in_comment = True
        line = strip(line)
        if line.lstrip().startswith('#') or re.match(r'^[A-Z_]+\(.*\)\s*$', line):
            head = ''
            continue
        if NOT_FN.search(line):
            head = ''
        for ch in line:
            if ch == '{':
                outer_fn = any(s[2] for s in stack)
                is_fn = (not outer_fn and ')' in head and not NOT_FN.search(head)
                         and not head.rstrip().endswith('='))
                stack.append((depth, no, is_fn))
                depth += 1
                head = ''
            elif ch == '}':
                depth -= 1
                if stack:
                    _, start, is_fn = stack.pop()
                    if is_fn and no - start + 1 > LIMIT:
                        found.append(f'{path}:{start}: function of {no - start + 1} lines')
                head = ''
            elif ch == ';':
                head = ''
            else:
                head += ch
        head += ' '
    return found


# The floor of a file (by path prefix, first match) and the floors it may
# include. lib/ is an include root: "net/x.hpp" is lib/net/x.hpp.
LIB = ['viewcell', 'logs', 'errors', 'config', 'reactor', 'mcp', 'net', 'watch']
FLOORS = [
    ('lib/common/', 'common', {'common'}),
    ('lib/viewcell/', 'viewcell', {'common', 'viewcell'}),
    ('lib/logs/', 'logs', {'common', 'logs'}),
    ('lib/watch/', 'watch', {'common', 'watch'}),
    ('lib/errors/', 'errors', {'common', 'logs', 'errors'}),
    ('lib/config/', 'config', {'common', 'config', 'logs', 'watch'}),
    ('lib/reactor/', 'reactor', {'common', 'reactor', 'logs'}),
    ('lib/mcp/', 'mcp', {'common', 'mcp', 'logs'}),
    ('lib/net/', 'net', {'common', 'net'}),
    ('messages/', 'messages', {'common', 'messages', *LIB} - {'reactor', 'net'}),
    ('actors/', 'actors', {'common', 'messages', 'actors', *LIB} - {'reactor', 'net'}),
    ('main/cli/', 'main/cli', {'common', 'config', 'logs', 'mcp', 'net', 'main/cli'}),
    ('main/daemon/', 'main/daemon', {'common', 'messages', 'actors', 'main/daemon', *LIB}),
]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def floor_of_include(name):
    if name.startswith('main/cli/'):
        return 'main/cli'
    if name.startswith('main/daemon/'):
        return 'main/daemon'
    return name.split('/', 1)[0] if '/' in name else None


def check_includes(path):
    for prefix, floor, allowed in FLOORS:
        if path.startswith(prefix):
            break
    else:
        return []
    found = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for no, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = floor_of_include(m.group(1))
            if target is not None and target not in allowed:
                found.append(f'{path}:{no}: {floor} must not include "{m.group(1)}"')
    return found


def main():
    files = subprocess.run(['git', 'ls-files', '*.cpp', '*.hpp'], capture_output=True,
                           text=True, check=True).stdout.split()
    problems = [p for f in files for p in scan(f) + check_includes(f)]
    others = subprocess.run(['git', 'ls-files', '*.py', '*.mjs', '*.js', '*.sh',
                             '*.cmake', '*CMakeLists.txt', 'Makefile', '.ci/run'],
                            capture_output=True, text=True, check=True).stdout.split()
    for f in others:
        with open(f, encoding='utf-8', errors='replace') as fh:
            n = sum(1 for _ in fh)
        if n > FILE_LIMIT:
            problems.append(f'{f}: file has {n} lines')
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
