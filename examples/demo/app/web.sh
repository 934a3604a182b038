#!/bin/sh
# Serves /www (index.html is a swarm config) with busybox httpd, in the foreground.
echo "web: serving /www on :8080"
exec httpd -f -v -p 8080 -h /www
