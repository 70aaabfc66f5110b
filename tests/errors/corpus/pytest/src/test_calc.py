import pytest

from calc import add, parse_price, slug


def test_add():
    assert add(2, 2) == 4


def test_add_floats():
    assert add(0.1, 0.2) == 0.3


def test_parse_price():
    assert parse_price("$4.20") == 4.2


def test_parse_price_bad():
    assert parse_price("four") == 4


def test_slug():
    print("checking slug of a title")
    assert slug("Hello World") == "hello-world"


@pytest.mark.parametrize("a,b,want", [(1, 1, 2), (2, 3, 6)])
def test_add_table(a, b, want):
    assert add(a, b) == want


def test_dict():
    assert {"name": "api", "port": 8080, "tls": False} == {"name": "api", "port": 8081, "tls": False}
