#!/bin/sh
# The frontend's tests: the page and /about are there.
set -eu
grep -q '<h1>project</h1>' front/site/index.html || { echo "FAIL: no heading in index.html" >&2; exit 1; }
[ -s front/site/about ] || { echo "FAIL: /about is empty" >&2; exit 1; }
echo "tests: the site has its page and /about"
