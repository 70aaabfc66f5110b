"""A small service that logs with Python's logging module.

python3 app.py errors    ERROR/CRITICAL lines between INFO lines
python3 app.py fatal     a FATAL line and a bare panic: line, then exit
python3 app.py warnings  WARN/WARNING lines only (severity warning)
python3 app.py quiet     INFO/DEBUG only, some mentioning errors in passing
python3 app.py logfmt    key=value lines (level=error / level=warn)
"""
import logging
import sys
import time

mode = sys.argv[1]
fmt = {
    "errors": "%(asctime)s.%(msecs)03d %(levelname)s [%(name)s] %(message)s",
    "fatal": "%(levelname)s %(message)s",
    "warnings": "%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    "quiet": "%(asctime)s %(levelname)s %(name)s - %(message)s",
    "logfmt": 'time=%(asctime)s level=%(levelname)s logger=%(name)s msg="%(message)s"',
}[mode]
logging.Formatter.converter = time.gmtime
logging.basicConfig(stream=sys.stderr, level=logging.DEBUG, format=fmt,
                    datefmt="%Y-%m-%dT%H:%M:%S")
logging.addLevelName(logging.WARNING, "WARN" if mode in ("fatal", "warnings") else "WARNING")
logging.addLevelName(logging.CRITICAL, "FATAL" if mode == "fatal" else "CRITICAL")
db, http, cache = (logging.getLogger(n) for n in ("db", "http", "cache"))

if mode == "errors":
    http.info("listening on :8080")
    http.info("GET /api/users 200 3ms")
    db.error("connection to 127.0.0.1:5432 lost: server closed the connection unexpectedly")
    db.info("reconnecting in 1s")
    http.info("GET /api/users 200 2ms")
    cache.error("redis GET session:42 failed: timeout after 500ms")
    cache.error("redis GET session:43 failed: timeout after 500ms")
    http.critical("request queue full (1024), dropping requests")
    http.info("GET /healthz 200 0ms")
elif mode == "fatal":
    logging.getLogger().info("loading /etc/app/config.toml")
    logging.getLogger().critical("cannot bind 0.0.0.0:80: permission denied")
    print("panic: assertion failed: queue.len() <= capacity", file=sys.stderr)
    sys.exit(1)
elif mode == "warnings":
    http.info("listening on :8080")
    db.warning("slow query (1.2s): SELECT * FROM orders")
    cache.warning("cache hit ratio low: 0.31")
    http.info("GET / 200")
    logging.getLogger("py.warnings").warning("config key 'timeout' is deprecated, use 'timeout_ms'")
elif mode == "quiet":
    http.info("listening on :8080")
    http.debug("error handler installed for /api")
    db.info("migrations: 0 errors, 12 applied")
    http.info("GET /api/errors 200 4ms")
    cache.debug("error_rate=0.00 over last 60s")
    http.info("retrying webhook after transient failure (attempt 2/5) - ok")
    http.info("shutdown complete, exit code 0")
elif mode == "logfmt":
    http.info("listening on :8080")
    db.error("query failed: deadlock detected")
    http.warning("slow request GET /api/report 2300ms")
    http.info("GET /api/report 200")
