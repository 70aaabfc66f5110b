import pytest


@pytest.fixture
def db():
    raise ConnectionError("database at 127.0.0.1:5432 refused the connection")


def test_query(db):
    assert db is not None


def test_plain():
    assert True
