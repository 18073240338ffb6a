#!/usr/bin/env bash
# `make restore BACKUP=backups/<time>`: puts a backup of scripts/backup.sh back.
# Replaces the database behind DATABASE_URL and the files under MEDIA_ROOT, so it asks
# first (or set BEVESTIG=ja). Checks the manifest before touching anything.
set -euo pipefail
cd "$(dirname "$0")/.."

BACKUP="${BACKUP:-${1:-}}"
[ -n "$BACKUP" ] || { echo "Gebruik: make restore BACKUP=backups/<tijdstip>" >&2; exit 1; }
: "${DATABASE_URL:?DATABASE_URL ontbreekt (postgres://...)}"
MEDIA_ROOT="${MEDIA_ROOT:-media}"

(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || {
  echo "De back-up in $BACKUP is beschadigd of onvolledig (SHA256SUMS klopt niet). Niets gewijzigd." >&2
  exit 1
}
if [ "${BEVESTIG:-}" != "ja" ]; then
  read -r -p "Dit vervangt de database en alle bestanden in $MEDIA_ROOT door $BACKUP. Typ 'ja' om door te gaan: " antwoord
  [ "$antwoord" = "ja" ] || { echo "Afgebroken; niets gewijzigd."; exit 1; }
fi

# One transaction for all of it: the COMMIT is only sent once pg_restore has written its
# whole script, so a restore that fails halfway (or a dump that breaks off) leaves the
# database as it was. Partitioned tables (the count's decisions, one partition per
# snapshot: migration subsidie 0010) are dropped first, their partitions with them:
# `pg_restore --clean` would drop a partition's inherited primary key before the parent's,
# which PostgreSQL refuses ("cannot drop inherited constraint").
{
  echo "BEGIN;"
  echo "SET client_min_messages = warning;"
  cat <<'SQL'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS naam FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'p' AND NOT c.relispartition AND n.nspname = current_schema()
    LOOP
        EXECUTE format('DROP TABLE %s CASCADE', r.naam);
    END LOOP;
END
$$;
SQL
  pg_restore --clean --if-exists --no-owner --no-privileges --file=- "$BACKUP/database.dump" &&
    echo "COMMIT;"
} | psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 --dbname="$DATABASE_URL" >/dev/null
mkdir -p "$MEDIA_ROOT"
NIEUW=$(mktemp -d "${MEDIA_ROOT%/}.herstel.XXXXXX")
tar --extract --gzip --file="$BACKUP/media.tar.gz" --directory="$NIEUW"
# mktemp made the folder for whoever restores (often root, mode 700); the portal's user
# must keep writing in it (in the compose stack: user `portal` in the containers).
chown --reference="$MEDIA_ROOT" "$NIEUW" 2>/dev/null || true
chmod --reference="$MEDIA_ROOT" "$NIEUW"
# Swap in the restored files only once they are all unpacked.
OUD="${MEDIA_ROOT%/}.oud.$$"
mv "$MEDIA_ROOT" "$OUD"
mv "$NIEUW" "$MEDIA_ROOT"
rm -rf "$OUD"
echo "Hersteld uit $BACKUP."
