from calc import add, slug


def test_add():
    assert add(1, 2) == 3


def test_slug():
    assert slug("A B") == "a_b"


def test_many():
    for i in range(10):
        assert add(i, i) == 2 * i
