"""An exception whose message spans several lines."""


def validate(rows):
    bad = [f"  row {i}: missing 'email'" for i, r in enumerate(rows) if "email" not in r]
    if bad:
        raise ValueError("invalid import file:\n" + "\n".join(bad))


validate([{"email": "a@x"}, {}, {"name": "b"}])
