"""An AttributeError with a 'Did you mean' hint, two calls deep."""


class Config:
    def __init__(self):
        self.timeout = 3
        self.retries = 2


def budget(cfg):
    return cfg.timout * cfg.retries


def main():
    print("budget:", budget(Config()))


main()
