#!/usr/bin/env bash
# The compose stage of `make test`: builds the images, starts docker-compose.yml
# unchanged with podman-compose in a copy of the project (as a new operator would), and
# runs the operator's checks in deploy/stacktest/ against it; ends with `down -v`.
# Without a Docker engine or an image registry here, the base images are stand-ins built
# from Debian packages (deploy/standin/). STACK_TEST=0 skips the stage; STACK_BEHOUDEN=1
# leaves the stack running afterwards (to look around; the script prints how to stop it).
set -euo pipefail
cd "$(dirname "$0")/.."
BRON=$PWD
PY=$BRON/.venv/bin/python

if [ "${STACK_TEST:-1}" = 0 ]; then
  echo "compose-test overgeslagen (STACK_TEST=0)"
  exit 0
fi

nodig=()
for pakket in podman podman-compose mmdebstrap runc openssl; do
  command -v "$pakket" >/dev/null 2>&1 || nodig+=("$pakket")
done
if [ ${#nodig[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${nodig[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${nodig[@]}" >/dev/null; }
  else
    echo "Installeer eerst: ${nodig[*]}" >&2
    exit 1
  fi
fi

# podman's defaults fail on this kind of host (deploy/podman/containers.conf says why).
export CONTAINERS_CONF="$BRON/deploy/podman/containers.conf"
begin=$(date +%s)
deploy/standin/bouw.sh

WERK=$(mktemp -d /tmp/regio-stack.XXXXXX)
PROJECT="regiostack$$"
STACK="$WERK/portal"
mkdir -p "$STACK"
# The project as committed plus uncommitted work, never what git ignores (.env, .venv).
git ls-files -z --cached --others --exclude-standard \
  | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$STACK"

opruimen() {
  if [ "${STACK_BEHOUDEN:-0}" = 1 ]; then
    echo "stack blijft staan (STACK_BEHOUDEN=1): cd $STACK && podman-compose -p $PROJECT down -v"
    return
  fi
  ( cd "$STACK" && podman-compose -p "$PROJECT" down -v >/dev/null 2>&1 ) || true
  # podman-compose 1.0.3 leaves the project's network (Docker Compose removes it).
  podman network rm "${PROJECT}_default" >/dev/null 2>&1 || true
  rm -rf "$WERK"
}
trap opruimen EXIT

vrije_poort() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTPS_POORT=$(vrije_poort)
HTTP_POORT=$(vrije_poort)
geheim() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(48))'; }

# A self-signed certificate for portal.test (and 127.0.0.1, where the checks connect).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=portal.test" \
  -addext "subjectAltName=DNS:portal.test,IP:127.0.0.1" \
  -keyout "$STACK/deploy/tls/portal.key" -out "$STACK/deploy/tls/portal.crt" 2>/dev/null
chmod 644 "$STACK/deploy/tls/portal.key"  # read by nginx inside its container

cat > "$STACK/.env" <<EOF
SECRET_KEY=$(geheim)
PSEUDONIEM_SLEUTEL=$(geheim)
MFA_SLEUTEL=$(geheim)
ALLOWED_HOSTS=portal.test
CSRF_TRUSTED_ORIGINS=https://portal.test:$HTTPS_POORT
TRUSTED_PROXY_COUNT=1
DEFAULT_FROM_EMAIL=noreply@portal.test
# A test stack: the checks load the demo data (refused in production otherwise).
DEMO_TOEGESTAAN=true
# Mail goes to files on the media volume, so the checks can count what was sent.
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=/app/media/verzonden-mail
# Test intervals: a heartbeat every 3 s, and a message of a killed worker comes back
# after 40 s instead of 2 hours (above the time limit, as in production).
BEAT_HARTSLAG_SECONDEN=3
CELERY_VISIBILITY_TIMEOUT=40
CELERY_TASK_TIME_LIMIT=35
PORTAL_ADRES=127.0.0.1
PORTAL_HTTPS_POORT=$HTTPS_POORT
PORTAL_HTTP_POORT=$HTTP_POORT
EOF

cd "$STACK"
echo "== compose: images bouwen"
podman-compose -p "$PROJECT" build >"$WERK/build.log" 2>&1 || { tail -40 "$WERK/build.log"; exit 1; }
gebouwd=$(date +%s)
echo "== compose: starten (project $PROJECT)"
# podman-compose 1.0.3 ignores `condition: service_healthy`: start the database first and
# wait for its healthcheck command, then the rest (the web nodes also wait, migreer --wacht).
podman-compose -p "$PROJECT" up -d postgres redis >"$WERK/up.log" 2>&1
for _ in $(seq 120); do
  podman exec "${PROJECT}_postgres_1" pg_isready -U regio >/dev/null 2>&1 && break
  sleep 1
done
podman-compose -p "$PROJECT" up -d >>"$WERK/up.log" 2>&1 || { tail -40 "$WERK/up.log"; exit 1; }

echo "== compose: controles"
STACK_PROJECT="$PROJECT" STACK_MAP="$STACK" STACK_HTTPS_POORT="$HTTPS_POORT" \
  STACK_HTTP_POORT="$HTTP_POORT" STACK_CA="$STACK/deploy/tls/portal.crt" \
  "$PY" -m pytest -q -c "$BRON/deploy/stacktest/pytest.ini" "$BRON/deploy/stacktest" "$@" \
  || { podman-compose -p "$PROJECT" logs >"$WERK/logs.txt" 2>&1 || true;
       tail -150 "$WERK/logs.txt"; exit 1; }
eind=$(date +%s)
echo "compose-test: $((eind - begin)) s (images $((gebouwd - begin)) s, starten en controles $((eind - gebouwd)) s)"
