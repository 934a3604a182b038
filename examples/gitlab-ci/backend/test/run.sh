#!/bin/sh
# The build/test job's tests: each service renders the answers it serves, and they are checked.
set -eu
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sh -n backend/main.sh && sh -n ping/main.sh
WWW="$out/backend" CONFIG=/dev/null sh backend/main.sh --render
[ "$(cat "$out/backend/api/service/ping")" = "pong" ] || fail "backend does not answer pong"
WWW="$out/ping" sh ping/main.sh --render
[ "$(cat "$out/ping/ping")" = "pong from ping" ] || fail "ping does not answer pong from ping"
echo "tests: backend and ping answer as expected"
