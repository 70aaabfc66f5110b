"""A worker that only logs INFO/DEBUG lines, some of which mention errors."""
import logging
import sys

logging.basicConfig(
    stream=sys.stderr,
    level=logging.DEBUG,
    format="%(levelname)-5s %(name)s | %(message)s",
)
log = logging.getLogger("etl")
log.info("run 17 started: 3 sources")
log.debug("error_count=0 warn_count=0")
log.info("source users: 120 rows, 0 errors")
log.info("source orders: 98 rows, errors: none")
log.debug("on_error=retry max_errors=5")
log.info("wrote errors.csv (0 lines)")
log.info("run 17 finished in 0.4s, error rate 0.00%")
