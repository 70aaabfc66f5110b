"""A bare assert: the last line is the exception name alone."""


def checksum(rows):
    total = sum(r["qty"] for r in rows)
    assert total % 2 == 0
    return total


print(checksum([{"qty": 2}, {"qty": 3}]))
