#!/bin/sh
# A worker that does "work" every few seconds and reports that it is alive for its healthcheck.
echo "worker: started (${HOSTNAME})"
while true; do
  date +%s > /tmp/alive
  sleep 2
done
