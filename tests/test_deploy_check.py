"""`manage.py check --deploy --fail-level WARNING` passes with the production settings,
and fails when a safeguard is switched off (so the check can fail)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def _check(**extra) -> subprocess.CompletedProcess:
    omgeving = dict(os.environ)
    omgeving.update(
        DJANGO_SETTINGS_MODULE="regio_portal.settings.production",
        # A long random-looking key, as check --deploy demands (W009).
        SECRET_KEY="k3y-" + "aZ9$" * 15,
        PSEUDONIEM_SLEUTEL="p" * 40,
        MFA_SLEUTEL="m" * 40,
        ALLOWED_HOSTS="portal.example.nl",
        **extra,
    )
    return subprocess.run(
        [
            sys.executable,
            str(PROJECT / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    uitkomst = _check()
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "System check identified no issues (0 silenced)." in uitkomst.stdout


def test_check_deploy_fails_without_https_redirect():
    uitkomst = _check(SECURE_SSL_REDIRECT="false")
    assert uitkomst.returncode == 1
    assert "security.W008" in uitkomst.stderr
