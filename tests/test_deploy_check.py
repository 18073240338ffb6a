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


def _instellingen(code: str, **extra) -> str:
    omgeving = dict(os.environ)
    omgeving.update(
        DJANGO_SETTINGS_MODULE="regio_portal.settings.production",
        SECRET_KEY="k",
        PSEUDONIEM_SLEUTEL="p",
        MFA_SLEUTEL="m",
        **extra,
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; {code}",
        ],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=PROJECT,
    ).stdout.strip()


def test_media_go_to_the_file_system_or_the_storage_the_operator_names():
    lees = "print(settings.STORAGES['default'])"
    assert _instellingen(lees) == (
        "{'BACKEND': 'django.core.files.storage.FileSystemStorage', 'OPTIONS': {}}"
    )
    assert _instellingen(
        lees,
        MEDIA_OPSLAG="django.core.files.storage.InMemoryStorage",
        MEDIA_OPSLAG_OPTIES='{"location": "/gedeeld"}',
    ) == (
        "{'BACKEND': 'django.core.files.storage.InMemoryStorage', "
        "'OPTIONS': {'location': '/gedeeld'}}"
    )


def test_the_beat_schedule_and_mail_backend_come_from_the_environment():
    lees = "print(settings.CELERY_BEAT_SCHEDULE_FILENAME, settings.EMAIL_BACKEND)"
    assert _instellingen(lees) == (
        "celerybeat-schedule django.core.mail.backends.smtp.EmailBackend"
    )
    assert (
        _instellingen(
            lees,
            CELERY_BEAT_SCHEDULE_FILENAME="/app/var/celerybeat-schedule",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        )
        == "/app/var/celerybeat-schedule django.core.mail.backends.filebased.EmailBackend"
    )


def test_demo_data_is_refused_by_the_production_settings_unless_allowed():
    lees = "print(settings.DEMO_TOEGESTAAN)"
    assert _instellingen(lees) == "False"
    assert _instellingen(lees, DEMO_TOEGESTAAN="true") == "True"


def test_demo_data_says_why_it_refuses(settings):
    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.DEMO_TOEGESTAAN = False
    with pytest.raises(CommandError) as fout:
        call_command("demo_data")
    assert str(fout.value) == (
        "Demogegevens maken accounts met een bekend wachtwoord en horen niet in productie. "
        "Alleen voor een demo- of teststack: zet DEMO_TOEGESTAAN=true."
    )
