#!/usr/bin/env bash
# `make backup`: the database (pg_dump, custom format) and the media files (agreements,
# evidence, reports) into one folder backups/<time>/ with a SHA256SUMS manifest.
# Variables: DATABASE_URL (PostgreSQL; required), MEDIA_ROOT (default ./media),
# BACKUP_DIR (default ./backups). Read docs/operations.md, "Back-up en herstel".
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL ontbreekt (postgres://...)}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *)
  echo "make backup werkt met PostgreSQL; DATABASE_URL is geen postgres://-adres." >&2; exit 1;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-media}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
DOEL="$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$DOEL"
chmod 700 "$DOEL"

# One consistent snapshot of the database (pg_dump runs in one transaction).
pg_dump --format=custom --no-owner --no-privileges --file="$DOEL/database.dump" "$DATABASE_URL"
# The media files after the dump: a file referenced by the dump is never missing (files
# are only added or replaced under new names, and an extra file is harmless).
if [ -d "$MEDIA_ROOT" ]; then
  tar --create --gzip --file="$DOEL/media.tar.gz" --directory="$MEDIA_ROOT" .
else
  tar --create --gzip --file="$DOEL/media.tar.gz" --files-from=/dev/null
fi
(cd "$DOEL" && sha256sum database.dump media.tar.gz > SHA256SUMS)
echo "$DOEL"
