#!/bin/sh
# Stand-in entrypoint: like the official image, redis-server listens on every interface
# without protected mode (the compose network is the boundary) and keeps its files in /data.
set -eu
if [ "$1" = redis-server ]; then
  shift
  chown -R redis:redis /data
  exec runuser -u redis -- redis-server --bind 0.0.0.0 --protected-mode no --dir /data "$@"
fi
exec "$@"
