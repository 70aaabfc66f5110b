#!/usr/bin/env python3
"""Lists C++ functions longer than a limit (default 120 lines) and files
longer than 400 lines. A function is a brace block that opens on a line that
is not a namespace, class, struct, enum, union or initializer; lambdas count
toward their enclosing function. Exit 1 if any is found."""
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


def main():
    files = subprocess.run(['git', 'ls-files', '*.cpp', '*.hpp'], capture_output=True,
                           text=True, check=True).stdout.split()
    problems = [p for f in files for p in scan(f)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
