#!/usr/bin/env bash
# `make test`: starts a throw-away PostgreSQL cluster and redis-server on free loopback
# ports, runs ruff, makemigrations --check and pytest against them, and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

als_root() { [ "$(id -u)" = 0 ]; }
apt_installeer() {
  if als_root && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
  else
    echo "Installeer eerst: $*" >&2; exit 1
  fi
}

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  apt_installeer postgresql
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
command -v redis-server >/dev/null 2>&1 || apt_installeer redis-server
command -v msgfmt >/dev/null 2>&1 || apt_installeer gettext
# The end-to-end tests drive Debian's Chromium (Playwright never downloads a browser).
[ -x /usr/bin/chromium ] || apt_installeer chromium
# The PDF checks read the reports with poppler's pdfinfo/pdffonts/pdftotext.
command -v pdffonts >/dev/null 2>&1 || apt_installeer poppler-utils
# The Nu Html Checker (vnu) runs on Java; its jar comes from the npm registry (vnu-jar).
command -v java >/dev/null 2>&1 || apt_installeer default-jre-headless
VNU_VERSIE=26.9.27
export VNU_JAR="$PWD/.cache/vnu-$VNU_VERSIE/vnu.jar"
if [ ! -f "$VNU_JAR" ]; then
  mkdir -p "$(dirname "$VNU_JAR")"
  command -v npm >/dev/null 2>&1 || apt_installeer npm
  ( cd "$(dirname "$VNU_JAR")" && npm pack --silent "vnu-jar@$VNU_VERSIE" >/dev/null \
    && tar -xzf "vnu-jar-$VNU_VERSIE.tgz" --strip-components=3 package/build/dist/vnu.jar \
    && rm "vnu-jar-$VNU_VERSIE.tgz" )
fi
# WeasyPrint needs Pango (PDF reports), and HarfBuzz's subsetter as production has it
# (Dockerfile): without it WeasyPrint embeds fonts through fontTools instead.
"$PY" -c "import weasyprint" >/dev/null 2>&1 || apt_installeer libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
if ! "$PY" -c "import ctypes.util as c, sys; sys.exit(not c.find_library('harfbuzz-subset'))"; then
  if als_root && command -v apt-get >/dev/null 2>&1; then
    apt_installeer libharfbuzz-subset0
  else
    echo "Let op: libharfbuzz-subset0 ontbreekt; WeasyPrint gebruikt fontTools (trager)." >&2
  fi
fi

vrije_poort() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WERK=$(mktemp -d /tmp/regio-portal-test.XXXXXX)
PG_POORT=$(vrije_poort)
REDIS_POORT=$(vrije_poort)

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
pg() { if als_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
if als_root; then chown postgres "$WERK"; fi

opruimen() {
  pg "$PG_BIN/pg_ctl" -D "$WERK/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ -f "$WERK/redis.pid" ]; then kill "$(cat "$WERK/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$WERK"
}
trap opruimen EXIT

pg "$PG_BIN/initdb" -D "$WERK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg "$PG_BIN/pg_ctl" -D "$WERK/pg" -w -l "$WERK/pg.log" \
  -o "-p $PG_POORT -k $WERK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
  start >/dev/null
pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_POORT" -U postgres regio_portal
redis-server --port "$REDIS_POORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$WERK/redis.pid" --logfile "$WERK/redis.log"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_POORT/regio_portal"
export REDIS_URL="redis://127.0.0.1:$REDIS_POORT/0"
export DJANGO_SETTINGS_MODULE=regio_portal.settings.test
for _ in $(seq 50); do redis-cli -p "$REDIS_POORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== vertalingen"
scripts/compile_translations.sh
echo "== makemigrations --check"
"$PY" manage.py makemigrations --check --dry-run
echo "== pytest (PostgreSQL op poort $PG_POORT, Redis op poort $REDIS_POORT)"
"$PY" -m pytest -n 2 -q "$@"
# The production topology (docker-compose.yml) built, started and checked with podman;
# STACK_TEST=0 skips it (scripts/stack_test.sh).
echo "== compose-stack"
scripts/stack_test.sh
