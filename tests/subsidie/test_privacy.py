"""Student data never reaches the logs, the audit log or Celery task arguments."""

from __future__ import annotations

import logging
import uuid

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regio_portal.core import wachtrij
from regio_portal.core.models import Importbestand

PERSOONSNUMMER = "123456782"  # passes the elfproef
CSV = (
    "schooljaar,partnerschap,vestiging,instituut,studentnummer,persoonsnummer,naam,"
    "opleidingstype,startdatum,einddatum\n"
    f"2025-2026,P-A,01AA00,21PB,777001,{PERSOONSNUMMER},Jantje Geheim,pabo,2025-09-01,2026-06-30\n"
).encode()
GEHEIMEN = ("777001", PERSOONSNUMMER, "Jantje Geheim", "Jantje")


def test_import_count_view_and_export_leave_no_student_data_behind(
    client_als, wereld, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    argumenten = []
    echte_plaats = wachtrij.plaats

    def opnemen(taak, *args):
        argumenten.append((taak.name, args))
        return echte_plaats(taak, *args)

    monkeypatch.setattr(wachtrij, "plaats", opnemen)
    caplog.set_level(logging.DEBUG)
    client = client_als("pl_a")
    client.post(
        reverse("core:import_start"),
        {"soort": "plaatsingen", "bestand": SimpleUploadedFile("p.csv", CSV)},
    )
    importbestand = Importbestand.objects.get()
    assert importbestand.fouten == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:import_bevestig", kwargs={"pk": importbestand.pk}))
    importbestand.refresh_from_db()
    assert importbestand.status == "klaar"
    url = reverse("subsidie:plaatsingen", kwargs={"code": "P-A"}) + "?schooljaar=2025-2026"
    pagina = client.get(url).content.decode()
    assert "Jantje Geheim" in pagina  # the programmaleider of the partnership sees it
    assert PERSOONSNUMMER not in pagina  # never shown, never stored
    client.get(url + "&export=csv")

    logtekst = "\n".join(r.getMessage() for r in caplog.records)
    assert [g for g in GEHEIMEN if g in logtekst] == []
    audit = " ".join(str(e.changes) + e.object_repr for e in LogEntry.objects.all())
    assert [g for g in GEHEIMEN if g in audit] == []
    # Task arguments: ids only (a UUID string or integers).
    assert [naam for naam, _ in argumenten] == [
        "regio_portal.core.tasks.importbestand_verwerken",
        "subsidie.tasks.telling_herberekenen",
    ]
    for _naam, args in argumenten:
        for arg in args:
            assert isinstance(arg, int) or uuid.UUID(arg)
    from subsidie.models import Plaatsing

    opgeslagen = Plaatsing.objects.get(studentnummer="777001")
    assert PERSOONSNUMMER not in str(opgeslagen.__dict__)
