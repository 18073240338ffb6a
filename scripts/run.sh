#!/usr/bin/env bash
# `make run`: the portal on 127.0.0.1:8000 with demo data, on SQLite with Celery eager
# unless DATABASE_URL / REDIS_URL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-regio_portal.settings.dev}
PY=.venv/bin/python
scripts/compile_translations.sh || echo "Vertalingen niet gecompileerd (msgfmt ontbreekt); de portal draait in het Nederlands."
$PY manage.py migrate --noinput
$PY manage.py demo_data
echo
echo "Regio Portal: http://127.0.0.1:8000/  (stoppen met Ctrl-C)"
exec $PY manage.py runserver 127.0.0.1:${PORT:-8000}
