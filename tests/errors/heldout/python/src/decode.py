"""Reads a UTF-16 file as UTF-8: a UnicodeDecodeError from a frozen module."""


def read_notes(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


print(read_notes("data.txt"))
