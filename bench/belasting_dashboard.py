"""Load test of the regional dashboard and the partnership home (start page) against
gunicorn on loopback, with logged-in kwartiermakers of different regions and
programmaleiders of different partnerships. Bounded: each run lasts --duur seconds.

Needs a PostgreSQL database with `seed_landelijk` data and a count of 2025-2026 (the
benchmark in bench/bench.py makes one). Run from the project root:

    DATABASE_URL=postgres://… .venv/bin/python bench/belasting_dashboard.py [--duur 20]

It creates bench users (bench-km-R01@… / bench-pl-P001@…) with sessions, starts gunicorn
(2 workers, production-like settings without HTTPS redirect) on a free loopback port,
runs `wrk` (Debian package) with a Lua script that rotates the session cookies, and
prints requests/s and the latency percentiles, and each page's requests/s as a share of
the ceiling measured in the same run (a logged-in minimal page on the same gunicorn).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regio_portal.settings.dev")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from partnerschappen import services  # noqa: E402
from partnerschappen.models import Partnerschap, Regio, Rol  # noqa: E402
from regio_portal.core.models import Gebruiker  # noqa: E402
from regio_portal.core.services import Opdrachtregel  # noqa: E402


def sessie(gebruiker) -> str:
    """The cookies of a logged-in browser: the session, and the CSRF cookie it got with
    its first page (without it every answer would set a new one)."""
    store = SessionStore()
    store[SESSION_KEY] = str(gebruiker.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = gebruiker.get_session_auth_hash()
    store.create()
    return (
        f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={get_random_string(32)}"
    )


def gebruikers(soort: str, objecten) -> list[str]:
    sleutels = []
    for obj in objecten:
        email = f"bench-{soort}-{obj.code.lower()}@bench.example"
        gebruiker, _ = Gebruiker.objects.get_or_create(email=email)
        veld = {"kwartiermaker": "regio", "programmaleider": "partnerschap"}[soort]
        if not Rol.objects.filter(gebruiker=gebruiker, soort=soort).exists():
            services.rol_toekennen(
                gebruiker=gebruiker,
                soort=soort,
                door=Opdrachtregel(),
                geldig_van=dt.date(2024, 8, 1),
                **{veld: obj},
            )
        if soort == "kwartiermaker" and not Authenticator.objects.filter(user=gebruiker).exists():
            TOTP.activate(gebruiker, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        sleutels.append(sessie(gebruiker))
    return sleutels


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LUA = """
local sessies = {%s}
local paden = {%s}
local uniek = %s
local i = 0
request = function()
  i = i + 1
  local n = (i %% #sessies) + 1
  local pad = paden[n]
  if uniek then pad = pad .. "&opnieuw=" .. i end
  return wrk.format("GET", pad, {["Cookie"] = sessies[n]})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULTAAT requests=%%d duur_s=%%.1f rps=%%.1f " ..
    "p50_ms=%%.1f p95_ms=%%.1f p99_ms=%%.1f fouten=%%d\\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duur", type=int, default=20)
    parser.add_argument("--verbindingen", type=int, default=8)
    args = parser.parse_args()
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), "draai op PostgreSQL"
    regios = list(Regio.objects.order_by("code")[:10])
    partnerschappen = list(Partnerschap.objects.order_by("code")[:10])
    km = gebruikers("kwartiermaker", regios)
    pl = gebruikers("programmaleider", partnerschappen)
    poort = vrije_poort()
    omgeving = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="regio_portal.settings.dev",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "regio_portal.wsgi",
            "--bind",
            f"127.0.0.1:{poort}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=omgeving,
        cwd=PROJECT,
    )
    try:
        time.sleep(4)
        # The page cache answers a repeated look (header X-Paginacache: nieuw, then raak).
        for _ in range(3):  # two workers: the third look has been seen by one of them
            verzoek = urllib.request.Request(
                f"http://127.0.0.1:{poort}/regios/{regios[0].code}/dashboard/?schooljaar=2025-2026",
                headers={"Cookie": km[0]},
            )
            with urllib.request.urlopen(verzoek, timeout=30) as antwoord:
                print(f"paginacache: {antwoord.headers.get('X-Paginacache', 'uit')}", flush=True)
        uitkomsten = {}
        dashboards = [f"/regios/{r.code}/dashboard/?schooljaar=2025-2026" for r in regios]
        for naam, sessies, paden, uniek in (
            # The framework's ceiling on this machine, in the same run: a logged-in page
            # that reads nothing but the session and the user (the accessibility statement
            # in the same base layout).
            ("minimale pagina (ingelogd)", km, ["/toegankelijkheid/"] * len(km), False),
            ("regiodashboard", km, dashboards, False),
            ("partnerschap-home (start)", pl, ["/"] * len(pl), False),
            # Every request another address, so none is answered from the page cache: what
            # the first look after a write costs (the render, and keeping it).
            ("regiodashboard, elke keer gerenderd", km, dashboards, True),
            ("partnerschap-home, elke keer gerenderd", pl, ["/?"] * len(pl), True),
        ):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
                f.write(
                    LUA
                    % (
                        ", ".join(f'"{s}"' for s in sessies),
                        ", ".join(f'"{p}"' for p in paden),
                        "true" if uniek else "false",
                    )
                )
            uit = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.verbindingen}",
                    f"-d{args.duur}s",
                    "-s",
                    f.name,
                    f"http://127.0.0.1:{poort}",
                ],
                capture_output=True,
                text=True,
                timeout=args.duur + 30,
                check=True,
            ).stdout
            regel = next(r for r in uit.splitlines() if r.startswith("RESULTAAT"))
            waarden = dict(d.split("=") for d in regel.removeprefix("RESULTAAT ").split())
            uitkomsten[naam] = waarden
            plafond = float(uitkomsten["minimale pagina (ingelogd)"]["rps"])
            print(
                f"{naam}: {regel.removeprefix('RESULTAAT ')} "
                f"= {float(waarden['rps']) / plafond:.0%} van het plafond",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
