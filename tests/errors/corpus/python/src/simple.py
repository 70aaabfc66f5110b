import json


def load(text):
    return json.loads(text)


def main():
    cfg = load('{"port": 8080')
    print(cfg)


main()
