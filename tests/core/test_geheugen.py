"""The garbage collector's pause (regio_portal/core/geheugen.py): it ends with the last
pause, keeps a collector that was off before off, survives an error, and wraps the two
users it was made for, the count and the PDF."""

from __future__ import annotations

import gc
import threading

import pytest
import weasyprint

from regio_portal.core.geheugen import zonder_gc
from regio_portal.core.pdf import html_string_naar_pdf
from subsidie import services, telregels
from subsidie.models import TellingSnapshot
from tests.conftest import importeer_voorbeeld


@pytest.fixture(autouse=True)
def _collector_aan():
    gc.enable()
    yield
    gc.enable()


def test_pause_ends_with_the_block():
    with zonder_gc():
        assert gc.isenabled() is False
    assert gc.isenabled() is True


def test_nested_pauses_end_with_the_outer_one():
    with zonder_gc():
        with zonder_gc():
            assert gc.isenabled() is False
        assert gc.isenabled() is False
    assert gc.isenabled() is True


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with zonder_gc():
        assert gc.isenabled() is False
    assert gc.isenabled() is False


def test_an_error_inside_still_ends_the_pause():
    with pytest.raises(ZeroDivisionError), zonder_gc():
        1 / 0  # noqa: B018
    assert gc.isenabled() is True


def test_overlapping_pauses_in_two_threads_end_with_the_last():
    binnen, verder = threading.Event(), threading.Event()
    gezien: list[bool] = []

    def ander():
        with zonder_gc():
            binnen.set()
            verder.wait(5)
        gezien.append(gc.isenabled())

    draad = threading.Thread(target=ander)
    with zonder_gc():
        draad.start()
        assert binnen.wait(5)
    # This thread's pause ended first; the other one still runs.
    assert gc.isenabled() is False
    verder.set()
    draad.join(5)
    assert gezien == [True]
    assert gc.isenabled() is True


def test_the_count_runs_with_the_collector_paused(db, monkeypatch):
    importeer_voorbeeld()
    tijdens: list[bool] = []
    echt = telregels.bereken_telling

    def spion(**kwargs):
        tijdens.append(gc.isenabled())
        return echt(**kwargs)

    monkeypatch.setattr(telregels, "bereken_telling", spion)
    TellingSnapshot.objects.all().delete()
    services.telling_bereken(schooljaar=2025)
    assert tijdens == [False]
    assert gc.isenabled() is True


def test_a_pdf_is_rendered_with_the_collector_paused(monkeypatch):
    tijdens: list[bool] = []
    echt = weasyprint.HTML.write_pdf

    def spion(self, *args, **kwargs):
        tijdens.append(gc.isenabled())
        return echt(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spion)
    pdf = html_string_naar_pdf("<html lang='nl'><title>t</title><p>Eén pagina.</p></html>")
    assert pdf.startswith(b"%PDF-")
    assert tijdens == [False]
    assert gc.isenabled() is True
