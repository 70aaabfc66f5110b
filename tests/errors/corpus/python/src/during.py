def read_port(env):
    try:
        return int(env["PORT"])
    except KeyError:
        raise ValueError("PORT is not set")


read_port({})
