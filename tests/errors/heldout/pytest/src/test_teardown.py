import sys

import pytest


@pytest.fixture
def db():
    conn = {"open": True}
    yield conn
    print("closing db", file=sys.stderr)
    raise RuntimeError("db connection already closed")


def test_query(db):
    assert db["open"] is False, "expected a closed connection after query"


def test_ping(db):
    assert db["open"]
