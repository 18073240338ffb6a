# Production image: the same commands as the README and the tests use. `make test` builds
# and starts it with docker-compose.yml (scripts/stack_test.sh); see docs/operations.md.
FROM python:3.11-slim-bookworm
ARG DEBIAN_FRONTEND=noninteractive
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The dependencies first, in their own layer: a change to the code does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/vereisten.txt \
    && pip install --no-cache-dir -r /tmp/vereisten.txt && rm /tmp/vereisten.txt
COPY . .
# collectstatic with the production settings: their storage writes the manifest that
# {% static %} reads at run time (with the dev settings every page answered 500). The
# keys here are placeholders for the build only; the real ones come from .env.
RUN pip install --no-cache-dir --no-deps -e . \
    && DJANGO_SETTINGS_MODULE=regio_portal.settings.dev python manage.py compilemessages --ignore=.venv \
    && DJANGO_SETTINGS_MODULE=regio_portal.settings.production SECRET_KEY=alleen-voor-de-bouw \
       PSEUDONIEM_SLEUTEL=alleen-voor-de-bouw MFA_SLEUTEL=alleen-voor-de-bouw \
       python manage.py collectstatic --noinput
# The image runs as `portal`, and /app belongs to root: what the portal writes goes to
# folders of its own. /app/media is a volume (uploads, reports); /app/var holds beat's
# schedule state (CELERY_BEAT_SCHEDULE_FILENAME; beat crashed writing it to /app).
RUN useradd --create-home portal && mkdir -p /app/media /app/var && chown portal /app/media /app/var
ENV CELERY_BEAT_SCHEDULE_FILENAME=/app/var/celerybeat-schedule
USER portal
EXPOSE 8000
CMD ["gunicorn", "regio_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
