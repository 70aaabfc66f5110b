# A service that logs handled exceptions with logging.exception between
# normal log lines (all on stderr) and keeps going.
import logging
import sys

logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                    format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("worker")


def handle(job):
    return 100 // job["weight"]


log.info("worker started, 3 jobs queued")
for job in [{"weight": 4}, {"weight": 0}, {}, {"weight": 2}]:
    try:
        log.info("job done: %s", handle(job))
    except Exception:
        log.exception("job failed: %r", job)
log.info("queue empty")
