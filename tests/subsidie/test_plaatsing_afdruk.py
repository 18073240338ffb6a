"""A placement's digest is stored with it (models.PlaatsingAfdruk, a generated column) and
covers its own columns; what lies behind its keys (codes, a vestiging's region and
sector) is in the fingerprint's basis (selectors.codes_afdruk). Issue 17: the count
reads the stored digest instead of hashing 150,000 rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from partnerschappen import services as org
from regio_portal.core.services import Opdrachtregel
from subsidie import selectors, services, telregels
from subsidie.models import Plaatsing, TellingSnapshot
from subsidie.vingerafdruk import actuele_vingerafdruk
from tests.factories import (
    BestuurFactory,
    InstituutFactory,
    PartnerschapFactory,
    RegioFactory,
    VestigingFactory,
)

DOOR = Opdrachtregel()
JAREN = (2024, 2025)
pytestmark = pytest.mark.django_db


class Wereld:
    """Three vestigingen of one partnership in two regions: A with placements in 2024 and
    2025, B in 2025 only, C with none. Both years counted."""

    def __init__(self):
        self.regio, self.regio2 = RegioFactory(code="R-AF"), RegioFactory(code="R-AG")
        bestuur = BestuurFactory(nummer="71001")
        self.a, self.b, self.c = (
            VestigingFactory(code=f"0{i}AF0{i}", bestuur=bestuur, regio=self.regio, sector="po")
            for i in range(3)
        )
        self.partnerschap = PartnerschapFactory(code="P-AF")
        self.instituut = InstituutFactory(code="51PB")
        for v in (self.a, self.b, self.c):
            org.lidmaatschap_toevoegen(
                partnerschap=self.partnerschap, lid=v, startdatum=dt.date(2020, 8, 1), door=DOOR
            )
        self.plaatsingen = [
            self.plaatsing(2024, self.a, "1001"),
            self.plaatsing(2025, self.a, "1002"),
            self.plaatsing(2025, self.b, "1003"),
        ]
        for jaar in JAREN:
            services.telling_bereken(schooljaar=jaar)

    def plaatsing(self, jaar, vestiging, nummer):
        return services.plaatsing_opslaan(
            plaatsing=Plaatsing(
                schooljaar=jaar,
                partnerschap=self.partnerschap,
                vestiging=vestiging,
                instituut=self.instituut,
                studentnummer=nummer,
                naam="Naam",
                opleidingstype="pabo",
                startdatum=dt.date(jaar, 9, 1),
                einddatum=dt.date(jaar + 1, 6, 30),
            ),
            persoonsnummer="",
            door=DOOR,
        )


def _opgeslagen(pk: int) -> int:
    return Plaatsing.objects.values_list("afdruk", flat=True).get(pk=pk)


def _verwacht(p: Plaatsing) -> int:
    """The digest worked out here from the row's values, by the database's hash."""
    basis = dt.date(2000, 1, 1)
    tekst = "|".join(
        str(x)
        for x in (
            p.pk,
            p.partnerschap_id,
            p.vestiging_id,
            p.instituut_id,
            p.student_sleutel,
            p.persoon_sleutel,
            p.opleidingstype,
            (p.startdatum - basis).days,
            (p.einddatum - basis).days if p.einddatum else -1,
        )
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT hashtextextended(%s, 0)", [tekst])
        return cursor.fetchone()[0]


def _actueel(jaar: int) -> TellingSnapshot:
    return TellingSnapshot.objects.get(schooljaar=jaar, actueel=True)


def test_de_opgeslagen_afdruk_is_de_hash_van_de_eigen_kolommen_en_volgt_elke_schrijfactie():
    w = Wereld()
    p = w.plaatsingen[1]
    oorspronkelijk = _opgeslagen(p.pk)
    assert oorspronkelijk == _verwacht(p)
    # The count's read takes the stored digest as it is.
    assert [x.afdruk for x in selectors.plaatsingen_invoer(2025, ids=[p.pk])] == [oorspronkelijk]

    # A column the count does not read leaves it alone.
    p.naam = "Andere naam"
    services.plaatsing_opslaan(plaatsing=p, persoonsnummer=None, door=DOOR)
    assert _opgeslagen(p.pk) == oorspronkelijk

    # One it reads changes it; undoing the change brings it back.
    p.einddatum = None
    services.plaatsing_opslaan(plaatsing=p, persoonsnummer=None, door=DOOR)
    p.refresh_from_db()
    assert _opgeslagen(p.pk) == _verwacht(p) != oorspronkelijk
    p.einddatum = dt.date(2026, 6, 30)
    services.plaatsing_opslaan(plaatsing=p, persoonsnummer=None, door=DOOR)
    assert _opgeslagen(p.pk) == oorspronkelijk

    # Another vestiging (its key) changes it as well.
    p.vestiging = w.c
    services.plaatsing_opslaan(plaatsing=p, persoonsnummer=None, door=DOOR)
    p.refresh_from_db()
    assert _opgeslagen(p.pk) == _verwacht(p) != oorspronkelijk


def _elk_jaar_verouderd_en_hersteld(voor: dict[int, str]) -> dict[int, str]:
    """Both years' counts are stale, each with a new fingerprint, and a recount brings
    each to it (returned)."""
    assert [_actueel(j).verouderd for j in JAREN] == [True, True]
    nu = {j: actuele_vingerafdruk(j) for j in JAREN}
    assert [nu[j] == voor[j] for j in JAREN] == [False, False]
    for jaar in JAREN:
        services.telling_bereken(schooljaar=jaar)
        assert (_actueel(jaar).vingerafdruk, _actueel(jaar).verouderd) == (nu[jaar], False)
    return nu


def test_regio_of_sector_van_elke_vestiging_raakt_elk_jaar():
    """The basis covers every vestiging, also one without placements in the year (an
    incremental recount keeps the basis while placements move): a new sector or region
    is announced for every year, and a recount brings each to the new fingerprint."""
    w = Wereld()
    afdruk = {j: _actueel(j).vingerafdruk for j in JAREN}
    assert afdruk == {j: actuele_vingerafdruk(j) for j in JAREN}

    # C has no placements in either year.
    w.c.sector = "vo"
    org.vestiging_bijwerken(vestiging=w.c, door=DOOR)
    na_sector = _elk_jaar_verouderd_en_hersteld(afdruk)

    # Another region, likewise; saving it unchanged announces nothing.
    w.b.regio = w.regio2
    org.vestiging_bijwerken(vestiging=w.b, door=DOOR)
    _elk_jaar_verouderd_en_hersteld(na_sector)
    org.vestiging_bijwerken(vestiging=w.b, door=DOOR)
    assert [_actueel(j).verouderd for j in JAREN] == [False, False]


def test_een_nieuwe_code_achter_de_sleutels_raakt_elk_jaar():
    w = Wereld()
    afdruk = {j: _actueel(j).vingerafdruk for j in JAREN}
    w.instituut.code = "52PB"
    org.instituut_opslaan(instituut=w.instituut, door=DOOR)
    _elk_jaar_verouderd_en_hersteld(afdruk)


def test_een_nieuwe_of_verwijderde_vestiging_of_instelling_raakt_elk_jaar():
    """A vestiging or institute without placements is in each count's fingerprint too
    (codes_afdruk covers them all): its creation and its deletion are announced for every
    year, so that no current count is left with a fingerprint of another input."""
    w = Wereld()
    afdruk = {j: _actueel(j).vingerafdruk for j in JAREN}
    nieuw = VestigingFactory.build(code="09AF09", bestuur=w.a.bestuur, regio=w.regio, sector="po")
    org.vestiging_bijwerken(vestiging=nieuw, door=DOOR)
    afdruk = _elk_jaar_verouderd_en_hersteld(afdruk)
    org.vestiging_verwijderen(vestiging=nieuw, door=DOOR)
    afdruk = _elk_jaar_verouderd_en_hersteld(afdruk)
    instituut = InstituutFactory.build(code="59PB")
    org.instituut_opslaan(instituut=instituut, door=DOOR)
    afdruk = _elk_jaar_verouderd_en_hersteld(afdruk)
    org.instituut_verwijderen(instituut=instituut, door=DOOR)
    _elk_jaar_verouderd_en_hersteld(afdruk)


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_codes_afdruk_op_beide_wegen(vendor, monkeypatch):
    """The database's digest (PostgreSQL) and the one made here (SQLite in `make run`)
    look at the same things: each changes with a code, and with the region or sector of
    any vestiging, and with nothing else."""
    w = Wereld()
    monkeypatch.setattr(connection, "vendor", vendor)
    voor = selectors.codes_afdruk()

    Plaatsing.objects.filter(pk=w.plaatsingen[0].pk).update(naam="X")
    w.c.postcode = "1234 AB"
    w.c.save()
    assert selectors.codes_afdruk() == voor

    gezien = {voor}
    for wijzig in (
        lambda: setattr(w.c, "sector", "vo") or w.c.save(),
        lambda: setattr(w.c, "regio", w.regio2) or w.c.save(),
        lambda: setattr(w.c, "regio", None) or w.c.save(),
        lambda: setattr(w.c, "code", "09AF09") or w.c.save(),
        lambda: setattr(w.partnerschap, "code", "P-AH") or w.partnerschap.save(),
        lambda: setattr(w.instituut, "code", "53PB") or w.instituut.save(),
    ):
        wijzig()
        nu = selectors.codes_afdruk()
        assert nu not in gezien
        gezien.add(nu)


def test_de_volledige_lezing_zonder_join_geeft_dezelfde_invoer_met_gedeelde_codes():
    """A full count reads its placements without a join, the codes from maps
    (selectors._alle_plaatsingen_pg): the same input as the joined read an incremental
    recount uses, field for field, each partnership's code and each type one shared str
    object, and the placement's part of its decision's COPY row made by the server."""
    w = Wereld()
    w.plaatsing(2025, w.c, "1004")
    alle = selectors.plaatsingen_invoer(2025, alle=True)
    ids = [p.id for p in alle]
    gejoind = selectors.plaatsingen_invoer(2025, ids=ids)
    assert sorted(p._replace(besluit_staart="") for p in alle) == sorted(gejoind)
    # The decisions' COPY text is the same, whether the server made the placement's part
    # (the full read) or besluit_tekst makes it.
    besluiten = [
        telregels.Besluit(p.id, telregels.GETELD if n else telregels.TE_KORT, p.id, "")
        for n, p in enumerate(alle)
    ]
    snapshot = TellingSnapshot(pk=990_002)
    tekst = services.besluit_tekst(snapshot, {p.id: p for p in alle})(besluiten)
    assert tekst == services.besluit_tekst(snapshot, {p.id: p for p in gejoind})(besluiten)
    assert all(p.besluit_staart for p in alle)
    assert not any(p.besluit_staart for p in gejoind)
    assert tekst.count("\n") == 3
    assert sorted((p.vestiging, p.afdruk) for p in alle) == sorted(
        (v.code, afdruk)
        for v, afdruk in ((Plaatsing.objects.get(pk=pk).vestiging, _opgeslagen(pk)) for pk in ids)
    )
    assert len(alle) == 3
    for veld in ("partnerschap", "opleidingstype"):
        assert len({id(getattr(p, veld)) for p in alle}) == 1
