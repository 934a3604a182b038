#!/bin/sh
# A database stand-in: it needs its password (a swarm secret) and says how long it is, never what it is.
secret=/run/secrets/db_password
if [ ! -s "$secret" ]; then
  echo "db: no password in $secret" >&2
  exit 1
fi
echo "db: ready, password of $(wc -c < "$secret") bytes"
while true; do sleep 3600; done
