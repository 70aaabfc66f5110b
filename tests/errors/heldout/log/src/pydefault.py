"""Python's logging with basicConfig's default format (LEVEL:logger:msg)."""
import logging

logging.basicConfig(level=logging.INFO)
logging.info("indexer started")
logging.getLogger("indexer.fs").warning("skipping unreadable file /var/data/x.bin")
logging.getLogger("indexer.db").error("insert failed: UNIQUE constraint failed: docs.path")
logging.info("indexed 120 files, 1 error")
logging.getLogger("indexer").critical("index corrupted, rebuilding from scratch")
