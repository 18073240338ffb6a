#!/bin/sh
# The proxy's start (docker-compose.yml, service `proxy`): nginx looks names up only
# through a `resolver`, and the network's DNS server differs per engine (Docker:
# 127.0.0.11, podman: the network's gateway). Take it from the container's resolv.conf.
set -eu
dns=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf)
case "$dns" in *:*) dns="[$dns]" ;; esac
echo "resolver $dns valid=10s ipv6=off;" > /etc/nginx/conf.d/00-resolver.conf
exec nginx -g 'daemon off;'
