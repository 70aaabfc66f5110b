#!/usr/bin/env python3
"""Build-time generators for hummel's man pages (python3 only, no packages).

  man.py commands HUMMEL OUT
      The help2man include for hummel(1): docs/man/hummel.h2m followed by a
      COMMANDS section with `HUMMEL CMD --help` of every subcommand, so the
      page says what --help says.
  man.py toml GUIDE VERSION OUT
      hummel.toml(5) from the "## Configuration reference" section of
      docs/guide.md (its one key table, the same table
      tests/config/guide_keys_test.cpp checks against the parser).
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def roff_escape(text):
    """Escapes backslashes, a leading dot or quote of each line, and every
    non-ASCII character (as \\[uXXXX], so groff needs no preconv)."""
    text = text.replace("\\", "\\e")
    text = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c)
                   for c in text)
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def inline(md):
    """Markdown inline text as roff: `code` bold, **strong** bold."""
    md = md.replace("\\|", "|")
    out = roff_escape(md)
    out = re.sub(r"`([^`]*)`", r"\\fB\1\\fR", out)
    out = re.sub(r"\*\*([^*]*)\*\*", r"\\fB\1\\fR", out)
    out = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", out)
    return out.replace("-", "\\-")


def subcommands(hummel):
    """The subcommand names of `hummel --help` (its Subcommands list)."""
    text = subprocess.run([hummel, "--help"], capture_output=True,
                          text=True, check=True).stdout
    names, inside = [], False
    for line in text.splitlines():
        if line.startswith("Subcommands:"):
            inside = True
        elif inside and line.startswith("  ") and line.strip():
            names.append(line.split()[0])
        elif inside and line.strip() and not line.startswith(" "):
            inside = False
    return names


def commands(hummel, out):
    with open(os.path.join(HERE, "hummel.h2m"), encoding="utf-8") as f:
        text = f.read()
    text += "\n[COMMANDS]\n"
    for name in subcommands(hummel):
        help_text = subprocess.run([hummel, name, "--help"],
                                   capture_output=True, text=True).stdout
        # The usage line names the binary as it was called.
        help_text = help_text.replace(hummel, "hummel")
        text += '.SS "hummel %s"\n.nf\n%s\n.fi\n' % (
            name, roff_escape(help_text.rstrip("\n")))
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


def reference_section(guide):
    """(paragraphs before the table, table rows, paragraphs after)."""
    with open(guide, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = lines.index("## Configuration reference") + 1
    end = next((i for i in range(start, len(lines))
                if lines[i].startswith("## ")), len(lines))
    before, rows, after, seen_table = [], [], [], False
    for line in lines[start:end]:
        if line.startswith("|"):
            seen_table = True
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows.append([c.strip() for c in cells])
        elif seen_table:
            after.append(line)
        else:
            before.append(line)
    return before, rows[2:], after


def paragraphs(lines):
    """Markdown paragraphs as roff; those about the test suite are left
    out (they are for contributors)."""
    text, out = [], []
    for line in lines + [""]:
        if line.strip():
            text.append(line.strip())
        elif text:
            joined = " ".join(text)
            if "tests/" not in joined:
                out.append(".PP\n" + inline(joined))
            text = []
    return "\n".join(out)


EXAMPLE = """[daemon]
http = "127.0.0.1:7777"

[processes.web]
command = "npm run dev"
env = { PORT = 3000 }
ready = { http = "http://127.0.0.1:3000/" }
restart = "on-failure"

[processes.worker]
argv = ["node", "worker.js"]
depends_on = { web = "ready" }"""


def toml(guide, version, out):
    before, rows, after = reference_section(guide)
    page = ['.TH HUMMEL.TOML 5 "" "hummel %s" "File Formats"' % version,
            ".nh", ".ad l",
            ".SH NAME",
            "hummel.toml \\- the configuration of a hummel project",
            ".SH SYNOPSIS",
            "\\fIPROJECT\\fR/hummel.toml",
            ".SH DESCRIPTION",
            "A TOML file in the project folder: the processes \\fBhummel\\fR"
            "(1) runs and the daemon's settings. Both it and package.json "
            "are optional.",
            paragraphs(before),
            ".SH KEYS"]
    for key, typ, default, example, meaning in rows:
        page += [".TP", inline(key),
                 inline(meaning),
                 ".br",
                 "Type: " + inline(typ) + ".",
                 ".br",
                 "Default: " + inline(default) + ".",
                 ".br",
                 "Example: " + inline(example) + "."]
    page += [".SH PACKAGE.JSON", paragraphs(after),
             ".SH EXAMPLE", ".nf", roff_escape(EXAMPLE), ".fi",
             ".SH SEE ALSO", "\\fBhummel\\fR(1); docs/guide.md in the "
             "source tree."]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


def main(argv):
    if len(argv) == 4 and argv[1] == "commands":
        commands(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "toml":
        toml(argv[2], argv[3], argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
