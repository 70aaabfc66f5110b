import logging

from inventory import load, restock

log = logging.getLogger("inventory.test")


def helper_stock():
    print("building stock from 2 lines")
    return load(["apple: 1", "pear: 2"])


def test_restock_unknown():
    stock = helper_stock()
    log.warning("restocking an item that may not exist")
    restock(stock, "mango", 5)
    assert stock["mango"] == 5
