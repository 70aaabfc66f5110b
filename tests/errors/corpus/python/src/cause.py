class ConfigError(Exception):
    pass


def parse(text):
    return int(text)


def load(text):
    try:
        return parse(text)
    except ValueError as e:
        raise ConfigError(f"bad timeout: {text!r}") from e


print("starting worker")
load("ten")
