"""A JSONDecodeError from the standard library, re-raised as our own error."""
import json


class ConfigError(Exception):
    pass


def load(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError("settings.json is not valid JSON") from e


def main():
    cfg = load('{"port": 8080,, "host": "0.0.0.0"}')
    print(cfg)


main()
