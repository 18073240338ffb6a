"""Retention: placements past the term go, adopted reports stay byte for byte."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from regio_portal.core import paginacache
from regio_portal.core.models import Importbestand
from subsidie.bewaren import bewaartermijn_toepassen, laatste_te_verwijderen_schooljaar
from subsidie.models import Plaatsing, TellingBesluit, TellingSnapshot, Verantwoording
from subsidie.pseudoniem import student_sleutel

# School year 2019-2020 ended in summer 2020; 7 full school years later (2020-2021 …
# 2026-2027) it goes, when 2027-2028 begins on 1 August 2027. 2020-2021 stays a year more.
PEILDATUM = dt.date(2027, 8, 1)


def _plaatsing(w, jaar, nummer):
    return Plaatsing.objects.create(
        schooljaar=jaar,
        partnerschap=w.partnerschap_a,
        vestiging=w.vestiging_a,
        instituut=w.plaatsing_a.instituut,
        studentnummer=nummer,
        naam=f"Student {nummer}",
        student_sleutel=student_sleutel("21PB", nummer),
        opleidingstype="pabo",
        startdatum=dt.date(jaar, 9, 1),
        einddatum=dt.date(jaar + 1, 6, 30),
    )


def _partities() -> list[str]:
    """The partitions of the decisions' table, by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TellingBesluit._meta.db_table],
        )
        return sorted(r[0] for r in cursor.fetchall())


def test_the_boundary_is_seven_full_school_years():
    assert laatste_te_verwijderen_schooljaar(dt.date(2027, 7, 31)) == 2018
    assert laatste_te_verwijderen_schooljaar(dt.date(2027, 8, 1)) == 2019


def test_retention_removes_old_placements_keeps_adopted_reports(wereld):
    from partnerschappen.models import Lidmaatschap
    from subsidie.services import (
        telling_bereken,
        verantwoording_aanvragen,
        verantwoording_maak,
        verantwoording_vaststellen,
    )

    Lidmaatschap.objects.filter(pk=wereld.lid_a.pk).update(startdatum=dt.date(2018, 8, 1))
    for jaar, nummers in ((2019, ["9001", "9002"]), (2020, ["9101"])):
        for n in nummers:
            _plaatsing(wereld, jaar, n)
    snapshot_2019 = telling_bereken(schooljaar=2019)
    telling_bereken(schooljaar=2020)
    vastgesteld = verantwoording_aanvragen(
        schooljaar=2019, door=None, partnerschap=wereld.partnerschap_a
    )
    verantwoording_maak(verantwoording=vastgesteld)
    vastgesteld.refresh_from_db()
    verantwoording_vaststellen(verantwoording=vastgesteld, door=wereld.gebruikers["bestuurder"])
    vastgesteld.refresh_from_db()
    pdf_voor = vastgesteld.pdf.read()
    concept = verantwoording_aanvragen(
        schooljaar=2019, door=None, partnerschap=wereld.partnerschap_a
    )
    verantwoording_maak(verantwoording=concept)
    concept.refresh_from_db()
    concept_bestanden = [concept.pdf.name, concept.xlsx.name]
    oud_import = Importbestand.objects.create(
        soort="plaatsingen",
        bestandsnaam="oud.csv",
        geupload_door=wereld.gebruikers["pl_a"],
        status=Importbestand.Status.FOUTEN,
    )
    oud_import.bestand.save("upload.bin", ContentFile(b"studentnummer,naam\n1,X\n"))
    Importbestand.objects.filter(pk=oud_import.pk).update(
        aangemaakt=timezone.now() - dt.timedelta(days=31)
    )
    oud_pad = oud_import.bestand.name
    from regio_portal.core.inzage import inzage_vastleggen
    from regio_portal.core.models import Inzage

    oud_log = inzage_vastleggen(
        gebruiker=wereld.gebruikers["pl_a"], actie="bekeken", onderwerp="oud", aantal=1
    )
    Inzage.objects.filter(pk=oud_log.pk).update(tijdstip=timezone.now() - dt.timedelta(days=731))
    recent_log = inzage_vastleggen(
        gebruiker=wereld.gebruikers["pl_a"], actie="bekeken", onderwerp="recent", aantal=1
    )
    besluiten_2019 = TellingBesluit.objects.filter(telling__schooljaar=2019).count()
    assert besluiten_2019 == 2

    proef = bewaartermijn_toepassen(peildatum=PEILDATUM, dry_run=True)
    assert proef.als_dict() == {
        "tot_en_met_schooljaar": 2019,
        "plaatsingen": 2,
        "besluiten": 2,
        "conceptrapporten": 1,
        "importbestanden": 1,
        "inzagelog": 1,
    }
    assert Plaatsing.objects.filter(schooljaar=2019).count() == 2  # dry run wrote nothing

    assert f"{TellingBesluit._meta.db_table}_p{snapshot_2019.pk}" in _partities()
    versie_voor = paginacache.versies()[TellingBesluit._meta.db_table][0]
    uitkomst = bewaartermijn_toepassen(peildatum=PEILDATUM)
    assert uitkomst == proef
    assert sorted(Plaatsing.objects.values_list("schooljaar", "studentnummer")) == [
        (2020, "9101"),
        (2025, "1001"),
    ]
    assert TellingBesluit.objects.filter(telling__schooljaar=2019).count() == 0
    assert TellingBesluit.objects.filter(telling__schooljaar=2020).count() == 1
    # Each snapshot's decisions have a partition of their own (PostgreSQL, migration
    # 0010): those of 2019 went as whole tables, and no empty one is left behind.
    assert _partities() == sorted(
        f"{TellingBesluit._meta.db_table}_p{pk}"
        for pk in TellingSnapshot.objects.filter(schooljaar__gt=2019).values_list("pk", flat=True)
    )
    assert TellingSnapshot.objects.filter(schooljaar=2019).count() == 1
    assert paginacache.versies()[TellingBesluit._meta.db_table][0] > versie_voor
    # The count itself (aggregates, no persons) and the adopted report stay.
    snapshot = TellingSnapshot.objects.get(schooljaar=2019, actueel=True)
    assert snapshot.resultaat["partnerschappen"][0]["studenten"] == 2
    vastgesteld.refresh_from_db()
    assert vastgesteld.status == Verantwoording.Status.VASTGESTELD
    assert vastgesteld.pdf.read() == pdf_voor
    assert Verantwoording.objects.filter(pk=concept.pk).exists() is False
    opslag = vastgesteld.pdf.storage
    assert [opslag.exists(n) for n in concept_bestanden] == [False, False]
    oud_import.refresh_from_db()
    assert (oud_import.bestand.name, opslag.exists(oud_pad)) == ("", False)

    assert list(Inzage.objects.values_list("pk", flat=True)) == [recent_log.pk]
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(object_repr="Partnerschap A").latest("pk").changes_dict == {
        "plaatsingen": ["", "bewaartermijn: 2 verwijderd (schooljaren t/m 2019-2020)"]
    }
    # Running it again finds nothing more.
    assert bewaartermijn_toepassen(peildatum=PEILDATUM).als_dict() == {
        "tot_en_met_schooljaar": 2019,
        "plaatsingen": 0,
        "besluiten": 0,
        "conceptrapporten": 0,
        "importbestanden": 0,
        "inzagelog": 0,
    }


def test_command_dry_run_reports_without_deleting(wereld):
    _plaatsing(wereld, 2010, "8001")
    uit = io.StringIO()
    call_command("bewaartermijn", "--dry-run", stdout=uit)
    grens = laatste_te_verwijderen_schooljaar(timezone.localdate())
    assert uit.getvalue().strip() == (
        f"schooljaren t/m {grens}-{grens + 1} zou verwijderen: 1 plaatsingen, 0 telbesluiten, "
        "0 conceptrapporten, 0 importbestanden, 0 inzageregels"
    )
    assert Plaatsing.objects.filter(schooljaar=2010).count() == 1
