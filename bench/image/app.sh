#!/bin/sh
# Serves HTTP on every port in APP_PORTS (default "80 8080") from /tmp/www: a page made of the files
# mounted under /etc/app (configs and the names of secrets, never their values), plus the paths the
# corpus fixture's healthchecks ask for. Stops at once on SIGTERM, as a real service should.
set -e
mkdir -p /tmp/www/api/service
echo ok > /tmp/www/health
echo ok > /tmp/www/about
echo pong > /tmp/www/api/service/ping
{
  echo "service ${APP_NAME:-app}"
  for f in /etc/app/*; do [ -f "$f" ] && { echo "== $f"; cat "$f"; }; done
  for f in /run/secrets/*; do [ -f "$f" ] && echo "secret $f"; done
} > /tmp/www/index.html 2>/dev/null || true
for port in ${APP_PORTS:-80 8080}; do
  httpd -p "$port" -h /tmp/www
done
trap 'exit 0' TERM INT
while :; do
  sleep 3600 &
  wait $! || true
done
