#!/bin/sh
# Serves /var/www (index.html is a swarm config) with busybox httpd, in the foreground.
echo "web: serving /var/www on :8080"
exec httpd -f -v -p 8080 -h /var/www
