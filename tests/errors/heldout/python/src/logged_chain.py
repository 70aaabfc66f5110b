"""A service logs a chained exception with logging.exception and goes on."""
import logging
import sys

logging.basicConfig(
    stream=sys.stderr,
    level=logging.INFO,
    format="[%(levelname)s] %(name)s: %(message)s",
)
log = logging.getLogger("sync")


def fetch(key):
    return {"a": 1}[key]


def sync(key):
    try:
        return fetch(key)
    except KeyError:
        raise RuntimeError(f"sync of {key!r} failed")


log.info("sync started")
for key in ("a", "b"):
    try:
        log.info("synced %s = %s", key, sync(key))
    except RuntimeError:
        log.exception("giving up on %s", key)
log.info("sync finished with 1 error")
