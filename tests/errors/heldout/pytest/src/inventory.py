"""Code under test: a tiny inventory."""


def parse_line(line):
    name, qty = line.split(":")
    return name.strip(), int(qty)


def load(lines):
    return dict(parse_line(x) for x in lines)


def restock(stock, name, n):
    stock[name] = stock[name] + n
    return stock
