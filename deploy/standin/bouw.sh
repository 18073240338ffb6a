#!/usr/bin/env bash
# Builds the STAND-IN base images for the compose test from Debian packages, because no
# image registry is reachable on the CI host: mmdebstrap makes a bookworm root file
# system, podman imports it, and each stand-in is built on it and tagged with the name
# docker-compose.yml and the Dockerfile use (docker.io/library/postgres:15, …). Every
# stand-in carries the label nl.regioportal.vervanger=ja. With Docker and the official
# images none of this runs. An image already built from the same files is kept.
set -euo pipefail
cd "$(dirname "$0")"
PODMAN=${PODMAN:-podman}
SPIEGEL=${DEBIAN_SPIEGEL:-http://deb.debian.org/debian}
BASIS=localhost/regio-vervanger-basis:bookworm

# The version of the stand-ins: a change to any file here builds them again.
VERSIE=$(cat ./*.Containerfile ./*.sh /etc/ssl/certs/ca-certificates.crt | sha256sum | cut -c1-16)

heeft() { [ "$($PODMAN image inspect --format '{{ index .Labels "nl.regioportal.vervanger-versie" }}' "$1" 2>/dev/null || true)" = "$VERSIE" ]; }

if ! $PODMAN image exists "$BASIS"; then
  werk=$(mktemp -d)
  trap 'rm -rf "$werk"' EXIT
  echo "vervanger-basis: mmdebstrap bookworm"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$werk/basis.tar" "$SPIEGEL"
  $PODMAN import --quiet \
    --change 'LABEL nl.regioportal.vervanger=ja' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    "$werk/basis.tar" "$BASIS" >/dev/null
fi

bouw() {  # bouw NAAM OFFICIELE-NAAM
  local naam=$1 doel=$2
  if heeft "$doel"; then echo "vervanger $doel: al gebouwd"; return; fi
  echo "vervanger $doel: bouwen"
  local context
  context=$(mktemp -d)
  cp ./*.sh "$context/"
  cp /etc/ssl/certs/ca-certificates.crt "$context/"
  $PODMAN build --quiet --pull=never --label "nl.regioportal.vervanger-versie=$VERSIE" \
    -f "$naam.Containerfile" -t "$doel" "$context" >/dev/null
  rm -rf "$context"
}

bouw python docker.io/library/python:3.11-slim-bookworm
bouw postgres docker.io/library/postgres:15
bouw redis docker.io/library/redis:7
bouw nginx docker.io/library/nginx:1.28
