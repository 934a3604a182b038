#!/bin/sh
# front: serves the site (index.html, /about with the version) on port 80 (busybox httpd).
set -eu
mkdir -p /tmp/www
cp -r /app/site/. /tmp/www/
exec httpd -f -p 80 -h /tmp/www
