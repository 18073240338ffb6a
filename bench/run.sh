#!/usr/bin/env bash
# Runs the benchmarks on a throw-away PostgreSQL (like make test): seed_landelijk, then
# bench/bench.py (count, growth, incremental recount, import, PDFs: one table of figures
# with their baselines and ratios), the panel solver and the dashboard load test (each
# against its own baseline in the same run). About 15 minutes; not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WERK=$(mktemp -d /tmp/regio-portal-bench.XXXXXX)
POORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# What the benchmarks need from Debian, installed as make test does: wrk for the dashboard
# load test, and HarfBuzz's subsetter, which production has (Dockerfile) and without which
# WeasyPrint embeds fonts through fontTools instead (slower; bench/README.md, fifth pass).
nodig=()
command -v wrk >/dev/null 2>&1 || nodig+=(wrk)
"$PY" -c "import ctypes.util as c, sys; sys.exit(not c.find_library('harfbuzz-subset'))" \
  || nodig+=(libharfbuzz-subset0)
if [ ${#nodig[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq "${nodig[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq "${nodig[@]}" >/dev/null; }
  else
    echo "Installeer eerst: ${nodig[*]}" >&2; exit 1
  fi
fi
[ "$(id -u)" = 0 ] && chown postgres "$WERK"
REDIS_POORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap 'pg "$PG_BIN/pg_ctl" -D "$WERK/pg" -m immediate stop >/dev/null 2>&1 || true; [ -f "$WERK/redis.pid" ] && kill "$(cat "$WERK/redis.pid")" 2>/dev/null; rm -rf "$WERK"' EXIT
pg "$PG_BIN/initdb" -D "$WERK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg "$PG_BIN/pg_ctl" -D "$WERK/pg" -w -l "$WERK/pg.log" -o "-p $POORT -k $WERK -c listen_addresses=127.0.0.1" start >/dev/null
pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$POORT" -U postgres bench
# Redis for the queue: an import's announced recount waits there (no worker runs), so the
# import benchmark measures the import only.
redis-server --port "$REDIS_POORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$WERK/redis.pid" --logfile "$WERK/redis.log"
export DATABASE_URL="postgres://postgres@127.0.0.1:$POORT/bench" DJANGO_SETTINGS_MODULE=regio_portal.settings.dev
export BENCH_REDIS_URL="redis://127.0.0.1:$REDIS_POORT/0"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_landelijk
echo "== $(date -Is), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
"$PY" bench/bench.py "$@"
echo "== peer-review-indeling (OR-Tools), max 3 bezoeken"
"$PY" bench/bench_peer_review.py --max-bezoeken 3 --tijdslimiet 10
echo "== dashboards onder belasting (gunicorn, wrk, 8 verbindingen)"
"$PY" bench/belasting_dashboard.py --duur 20 --verbindingen 8
echo "== klaar $(date -Is), load average $(cut -d' ' -f1-3 /proc/loadavg)"
