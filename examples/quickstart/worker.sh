#!/bin/sh
# A background worker that reports a job every 3 seconds.
n=0
while :; do
  n=$((n + 1))
  echo "worker: processed job ${n}"
  sleep 3
done
