def port_of(cfg):
    return cfg["port"]


def start(cfg):
    print("starting", cfg["name"])
    return port_of(cfg)
