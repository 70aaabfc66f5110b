def add(a, b):
    return a + b


def parse_price(text):
    return float(text.strip("$"))


def slug(title):
    return title.lower().replace(" ", "_")
