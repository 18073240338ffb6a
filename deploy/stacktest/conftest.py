"""Helpers for the operator's checks of the running compose stack (scripts/stack_test.sh).

They talk to the stack as an operator does: HTTPS through the proxy with the public host
name, podman for the containers, `manage.py` inside a web container, psql inside the
database container, and `make backup` / `make restore` from the host.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import ssl
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

PROJECT = os.environ.get("STACK_PROJECT", "")
MAP = Path(os.environ.get("STACK_MAP", "."))
HTTPS_POORT = int(os.environ.get("STACK_HTTPS_POORT", "0") or 0)
HTTP_POORT = int(os.environ.get("STACK_HTTP_POORT", "0") or 0)
CA = os.environ.get("STACK_CA", "")
HOST = "portal.test"
BRON = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    if not PROJECT:
        skip = pytest.mark.skip(reason="alleen vanuit scripts/stack_test.sh (STACK_PROJECT)")
        for item in items:
            item.add_marker(skip)


def sh(*args: str, check: bool = True, timeout: float = 300, **kwargs) -> str:
    uit = subprocess.run(
        list(args), capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    if check and uit.returncode != 0:
        raise AssertionError(f"{' '.join(args)} → {uit.returncode}\n{uit.stdout}\n{uit.stderr}")
    return uit.stdout


def logs(naam: str) -> str:
    """A container's output, stdout and stderr (Celery and gunicorn log to stderr)."""
    uit = subprocess.run(
        ["podman", "logs", naam], capture_output=True, text=True, timeout=60, check=True
    )
    return uit.stdout + uit.stderr


def container(dienst: str, nummer: int = 1) -> str:
    return f"{PROJECT}_{dienst}_{nummer}"


def compose(*args: str, timeout: float = 600) -> str:
    return sh("podman-compose", "-p", PROJECT, *args, cwd=MAP, timeout=timeout)


def django(code: str, *, dienst: str = "web", timeout: float = 300):
    """Run Python in a web container's Django (manage.py shell); the last line printed is
    JSON and is returned decoded."""
    uit = sh(
        "podman",
        "exec",
        container(dienst),
        "python",
        "manage.py",
        "shell",
        "-c",
        code,
        timeout=timeout,
    )
    return json.loads(uit.strip().splitlines()[-1])


def psql(sql: str) -> str:
    return sh(
        "podman",
        "exec",
        container("postgres"),
        "psql",
        "-U",
        "regio",
        "-d",
        "regio_portal",
        "-tAc",
        sql,
    ).strip()


def ip_adres(naam: str) -> str:
    return sh(
        "podman", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", naam
    ).strip()


def wacht(voorwaarde, *, seconden: float, stap: float = 1.0, wat: str = ""):
    grens = time.monotonic() + seconden
    while True:
        uitkomst = voorwaarde()
        if uitkomst:
            return uitkomst
        if time.monotonic() > grens:
            raise AssertionError(f"na {seconden} s nog niet: {wat}")
        time.sleep(stap)


class Antwoord:
    def __init__(self, status: int, headers: dict[str, str], tekst: str):
        self.status, self.headers, self.tekst = status, headers, tekst

    def json(self):
        return json.loads(self.tekst)


class Browser:
    """A client with its own cookies. By default through the proxy over HTTPS (the
    certificate checked against the stack's own CA); `naar=(ip, 8000)` goes straight to
    one web node as the proxy would (X-Forwarded-Proto: https)."""

    def __init__(self, naar: tuple[str, int] | None = None):
        self.cookies: dict[str, str] = {}
        self.naar = naar

    def _verbinding(self):
        if self.naar:
            return http.client.HTTPConnection(*self.naar, timeout=60)
        context = ssl.create_default_context(cafile=CA)
        return http.client.HTTPSConnection("127.0.0.1", HTTPS_POORT, context=context, timeout=130)

    def verzoek(
        self, methode: str, pad: str, body: bytes | None = None, headers: dict | None = None
    ) -> Antwoord:
        verbinding = self._verbinding()
        kop = {"Host": f"{HOST}:{HTTPS_POORT}", **(headers or {})}
        if self.naar:
            kop["X-Forwarded-Proto"] = "https"
        if self.cookies:
            kop["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        verbinding.request(methode, pad, body=body, headers=kop)
        antwoord = verbinding.getresponse()
        for naam, waarde in antwoord.getheaders():
            if naam.lower() == "set-cookie":
                sleutel, _, rest = waarde.partition("=")
                self.cookies[sleutel.strip()] = rest.split(";", 1)[0]
        tekst = antwoord.read().decode("utf-8", "replace")
        verbinding.close()
        return Antwoord(antwoord.status, {k.lower(): v for k, v in antwoord.getheaders()}, tekst)

    def get(self, pad: str) -> Antwoord:
        return self.verzoek("GET", pad)

    def _csrf(self, pagina: Antwoord) -> str:
        gevonden = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', pagina.tekst)
        assert gevonden, "geen CSRF-veld op de pagina"
        return gevonden.group(1)

    def post(self, pad: str, velden: dict, *, van: Antwoord, bestanden: dict | None = None):
        velden = {"csrfmiddlewaretoken": self._csrf(van), **velden}
        referer = {"Referer": f"https://{HOST}:{HTTPS_POORT}{pad}"}
        if not bestanden:
            body = urllib.parse.urlencode(velden).encode()
            return self.verzoek(
                "POST", pad, body, {"Content-Type": "application/x-www-form-urlencoded", **referer}
            )
        grens = uuid.uuid4().hex
        delen = []
        for naam, waarde in velden.items():
            delen.append(
                f'--{grens}\r\nContent-Disposition: form-data; name="{naam}"\r\n\r\n'
                f"{waarde}\r\n".encode()
            )
        for naam, (bestandsnaam, inhoud) in bestanden.items():
            delen.append(
                f'--{grens}\r\nContent-Disposition: form-data; name="{naam}"; '
                f'filename="{bestandsnaam}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                + inhoud
                + b"\r\n"
            )
        delen.append(f"--{grens}--\r\n".encode())
        return self.verzoek(
            "POST",
            pad,
            b"".join(delen),
            {"Content-Type": f"multipart/form-data; boundary={grens}", **referer},
        )

    def inloggen(self, email: str, wachtwoord: str) -> Antwoord:
        pagina = self.get("/accounts/login/")
        assert pagina.status == 200, pagina.status
        return self.post("/accounts/login/", {"login": email, "password": wachtwoord}, van=pagina)
