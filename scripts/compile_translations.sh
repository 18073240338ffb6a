#!/usr/bin/env bash
# Compiles locale/*/LC_MESSAGES/django.po into .mo (build output, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq gettext >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
  else
    exit 1
  fi
fi
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
