#!/bin/sh
# ping: answers GET /ping with "pong from ping" on port 8080 (busybox httpd).
# `main.sh --render` only writes the answer to $WWW (what the tests check).
set -eu
www=${WWW:-/tmp/www}
mkdir -p "$www" && echo "pong from ping" > "$www/ping"
[ "${1:-}" = "--render" ] && exit 0
exec httpd -f -p 8080 -h "$www"
