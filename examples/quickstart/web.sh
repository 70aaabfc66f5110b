#!/bin/sh
# Pretends to be a web server: announces its address, then a heartbeat.
port="${PORT:-8765}"
echo "listening on http://127.0.0.1:${port}/"
n=0
while :; do
  sleep 5
  n=$((n + 1))
  echo "heartbeat ${n}"
done
