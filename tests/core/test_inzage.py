"""The access log of student-level data: every view and export of placements is logged
(who, what, how many), never the data itself; the beheerder reads and exports it."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from regio_portal.core.models import Inzage


def _log():
    return list(Inzage.objects.order_by("pk").values_list("email", "actie", "onderwerp", "aantal"))


def test_viewing_and_exporting_placements_is_logged(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("subsidie:plaatsingen", kwargs={"code": "P-A"}) + "?schooljaar=2025-2026"
    assert client.get(url).status_code == 200
    assert client.get(url + "&export=csv").status_code == 200
    bewerken = reverse(
        "subsidie:plaatsing_bewerken", kwargs={"code": "P-A", "pk": wereld.plaatsing_a.pk}
    )
    assert client.get(bewerken).status_code == 200
    assert _log() == [
        ("pl.a@test.example", "bekeken", "plaatsingen P-A 2025-2026, pagina 1", 1),
        ("pl.a@test.example", "geexporteerd", "plaatsingen P-A 2025-2026", 1),
        ("pl.a@test.example", "bekeken", f"plaatsing {wereld.plaatsing_a.pk} (P-A)", 1),
    ]
    # No student data in the log.
    alles = " ".join(str(v) for rij in _log() for v in rij)
    assert "1001" not in alles and "Student A" not in alles


def test_refused_access_is_not_logged_as_a_view(client_als, wereld):
    url = reverse("subsidie:plaatsingen", kwargs={"code": "P-A"})
    assert client_als("pl_b").get(url).status_code == 404
    assert _log() == []


def test_beheerder_reads_filters_and_exports_the_log(client_als, wereld):
    pl = client_als("pl_a")
    pl.get(reverse("subsidie:plaatsingen", kwargs={"code": "P-A"}) + "?schooljaar=2025-2026")
    client = client_als("beheerder")
    pagina = client.get(reverse("core:inzage"))
    assert [i.onderwerp for i in pagina.context["page_obj"]] == [
        "plaatsingen P-A 2025-2026, pagina 1"
    ]
    leeg = client.get(reverse("core:inzage") + "?actie=geexporteerd")
    assert list(leeg.context["page_obj"]) == []
    export = client.get(reverse("core:inzage") + "?wie=pl.a&export=csv")
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Tijdstip", "E-mailadres", "Actie", "Wat", "Aantal"]
    assert [r[1:] for r in rijen[1:]] == [
        ["pl.a@test.example", "bekeken", "plaatsingen P-A 2025-2026, pagina 1", "1"]
    ]
