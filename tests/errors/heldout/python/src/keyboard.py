"""Runs until interrupted (SIGINT from timeout): a KeyboardInterrupt traceback."""
import sys
import time


def poll():
    while True:
        time.sleep(0.05)


print("polling, press Ctrl-C to stop", file=sys.stderr, flush=True)
poll()
