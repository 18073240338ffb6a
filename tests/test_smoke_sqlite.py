"""Smoke test of the embedded default that `make run` uses: SQLite, Celery eager, no
Redis. Migrates, loads the demo data, serves on loopback, and logs in as a
programmaleider through the real login form."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import vrije_poort

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_make_run_default_serves_demo_on_sqlite(tmp_path):
    omgeving = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    omgeving.update(
        DJANGO_SETTINGS_MODULE="regio_portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=omgeving, check=True, timeout=300)
    demo = subprocess.run(
        [*manage, "demo_data"],
        env=omgeving,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert "programmaleider.dpo@demo.regioportal.nl" in demo.stdout
    assert "wachtwoord voor allemaal: Demo-Regio-2026!" in demo.stdout

    def shell(code: str) -> str:
        """The last line `manage.py shell -c code` prints against the SQLite database."""
        uit = subprocess.run(
            [*manage, "shell", "-c", code],
            env=omgeving,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
        return uit.stdout.strip().splitlines()[-1]

    # Celery is eager without REDIS_URL.
    assert (
        shell(
            "from django.conf import settings as s; "
            "print(s.CELERY_TASK_ALWAYS_EAGER, s.DATABASES['default']['ENGINE'])"
        )
        == "True django.db.backends.sqlite3"
    )
    # The kwartiermaker lands on the region dashboard; "review te laat" is date arithmetic
    # in the database, which SQLite does differently (it answered 500 there).
    assert (
        shell(
            "import datetime as dt\n"
            "from django.db.models import Value, DateField, IntegerField\n"
            "from django.test import Client\n"
            "from partnerschappen.models import Regio\n"
            "from peer_review.models import DatumPlusDagen\n"
            "from regio_portal.core.models import Gebruiker\n"
            "c = Client(HTTP_HOST='localhost')\n"
            "c.force_login(Gebruiker.objects.get(email='kwartiermaker.mn@demo.regioportal.nl'))\n"
            "r = c.get('/regios/R-MN/dashboard/')\n"
            "d = Regio.objects.annotate(d=DatumPlusDagen(Value(dt.date(2028, 2, 27), "
            "output_field=DateField()), Value(3, output_field=IntegerField())))"
            ".values_list('d', flat=True).first()\n"
            "print(r.status_code, 'Peer review' in r.content.decode(), d)"
        )
        == "200 True 2028-03-01"
    )

    poort = vrije_poort()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{poort}", "--noreload"],
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        basis = f"http://127.0.0.1:{poort}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                pagina = opener.open(f"{basis}/accounts/login/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("runserver antwoordde niet")
        assert '<html lang="nl">' in pagina
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina).group(1)
        gegevens = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "login": "programmaleider.dpo@demo.regioportal.nl",
                "password": "Demo-Regio-2026!",
            }
        ).encode()
        verzoek = urllib.request.Request(
            f"{basis}/accounts/login/",
            data=gegevens,
            headers={"Referer": f"{basis}/accounts/login/"},
        )
        start = opener.open(verzoek, timeout=10).read().decode()
        assert "Welkom, Anouk de Vries" in start
        detail = opener.open(f"{basis}/partnerschappen/P-DPO/", timeout=10).read().decode()
        assert "Opleidingsschool Domstad PO" in detail
        assert "11AA00" in detail
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
def test_production_settings_serve_through_gunicorn(tmp_path):
    """The docker-compose `web` command: production settings, collectstatic, gunicorn."""
    omgeving = dict(os.environ)
    omgeving.update(
        DJANGO_SETTINGS_MODULE="regio_portal.settings.production",
        SECRET_KEY="x" * 60,
        PSEUDONIEM_SLEUTEL="y" * 40,
        MFA_SLEUTEL="m" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    manage = [sys.executable, str(PROJECT / "manage.py")]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env=omgeving, check=True, timeout=300
    )
    poort = vrije_poort()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "regio_portal.wsgi", "--bind", f"127.0.0.1:{poort}", "--workers", "1"],
        env=omgeving,
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        verzoek = urllib.request.Request(
            f"http://127.0.0.1:{poort}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
        )
        for _ in range(100):
            try:
                antwoord = urllib.request.urlopen(verzoek, timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn antwoordde niet")
        pagina = antwoord.read().decode()
        assert antwoord.status == 200
        assert antwoord.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        css = re.search(
            r'href="(/static/vendor/utrecht/component-library\.[0-9a-f]+\.css)"', pagina
        )
        assert css, "hashed static URL from the manifest storage"
        statisch = urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{poort}{css.group(1)}", headers={"X-Forwarded-Proto": "https"}
            ),
            timeout=5,
        )
        assert statisch.status == 200
        # The load balancer probes over plain HTTP without the proxy header: no redirect.
        gezondheid = urllib.request.urlopen(f"http://127.0.0.1:{poort}/gezondheid", timeout=5)
        assert gezondheid.status == 200
        staat = json.loads(gezondheid.read())
        assert staat["onderdelen"]["database"] == "ok"
        assert staat["onderdelen"]["redis"] == (
            "ok" if os.environ.get("REDIS_URL") else "niet gebruikt"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
