#!/usr/bin/env bash
# A deploy script that reports with its own level words.
say() { echo "$(date -u +%H:%M:%S) $*" >&2; }
say "INFO  checking 3 hosts (errors tolerated: 0)"
say "INFO  web-1: ok"
say "WARNING web-2: disk 91% full"
say "ERROR web-3: ssh: connect to host web-3 port 22: Connection refused"
say "INFO  rolling back web-1"
say "CRITICAL rollback of web-1 failed, manual action needed"
exit 1
