#!/bin/sh
# Starts, runs for 2 seconds, then fails.
echo "flaky: starting (pid $$)"
sleep 2
echo "flaky: something went wrong, exiting with status 1" >&2
exit 1
