import pytest

from inventory import load, parse_line


@pytest.mark.parametrize("line,want", [
    ("apple: 3", ("apple", 3)),
    ("pear:4", ("pear", 5)),
    ("fig : x", ("fig", 0)),
])
def test_parse_line(line, want):
    assert parse_line(line) == want


def test_load_report():
    got = load(["apple: 3", "pear: 4", "plum: 9"])
    assert got == {"apple": 3, "pear": 4, "plum": 8, "kiwi": 1}
