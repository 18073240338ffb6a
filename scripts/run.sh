#!/usr/bin/env bash
# `make run`: the portal on 127.0.0.1:8000 with demo data, on SQLite with Celery eager
# unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-regio_portal.settings.dev}
PY=.venv/bin/python
if ! $PY -c "import weasyprint" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }
fi
scripts/compile_translations.sh || echo "Vertalingen niet gecompileerd (msgfmt ontbreekt); de portal draait in het Nederlands."
$PY manage.py migrate --noinput
$PY manage.py demo_data
echo
echo "Regio Portal: http://127.0.0.1:${PORT:-8000}/  (stoppen met Ctrl-C)"
exec $PY manage.py runserver 127.0.0.1:${PORT:-8000}
