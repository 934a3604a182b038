#!/bin/sh
# backend: answers GET /api/service/ping with "pong", and shows the config it runs with at /api/service/config,
# on port 8080 (busybox httpd). `main.sh --render` only writes the answers to $WWW (what the tests check).
set -eu
www=${WWW:-/tmp/www}
mkdir -p "$www/api/service"
echo "pong" > "$www/api/service/ping"
cat "${CONFIG:-/app/config.toml}" > "$www/api/service/config" 2>/dev/null || echo "no config" > "$www/api/service/config"
if [ "${1:-}" = "--render" ]; then exit 0; fi
echo "backend: serving on :8080"
exec httpd -f -p 8080 -h "$www"
