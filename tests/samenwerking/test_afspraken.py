"""Agreements compared across a region's partnerships (issue 14)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regio_portal.samenwerking import selectors, services
from regio_portal.samenwerking.models import AfspraakOnderwerp
from tests.conftest import ingelogde_client
from tests.factories import LidmaatschapFactory, PartnerschapFactory, VestigingFactory


@pytest.fixture
def regio_met_twee(wereld):
    """Region A: partnership A (pl_a's) and C; B is elsewhere."""
    c = PartnerschapFactory(code="P-C", naam="Partnerschap C")
    LidmaatschapFactory(partnerschap=c, vestiging=VestigingFactory(regio=wereld.regio_a))
    return c


def test_practices_side_by_side_with_differences_and_deviations(regio_met_twee, wereld):
    km = ingelogde_client(wereld.gebruikers["km_regio"])
    km.post(
        reverse("samenwerking:onderwerp_nieuw", args=["R-A"]),
        {"titel": "Stagevergoeding pabo jaar 1", "soort": "bedrag", "eenheid": "per maand"},
    )
    km.post(
        reverse("samenwerking:onderwerp_nieuw", args=["R-A"]),
        {"titel": "Beoordelingsformat zij-instromers", "soort": "tekst"},
    )
    vergoeding, format_ = (
        AfspraakOnderwerp.objects.get(titel="Stagevergoeding pabo jaar 1"),
        AfspraakOnderwerp.objects.get(titel="Beoordelingsformat zij-instromers"),
    )
    pl = ingelogde_client(wereld.gebruikers["pl_a"])
    overzicht = pl.get(reverse("samenwerking:partnerschap_afspraken", args=["P-A"]))
    assert [r["onderwerp"].titel for r in overzicht.context["rijen"]] == [
        "Beoordelingsformat zij-instromers",
        "Stagevergoeding pabo jaar 1",
    ]
    pl.post(
        reverse("samenwerking:praktijk_bewerken", args=["P-A", vergoeding.pk]), {"bedrag": "300"}
    )
    pl.post(
        reverse("samenwerking:praktijk_bewerken", args=["P-A", format_.pk]),
        {"tekst": "Landelijk  format LOOP"},
    )
    services.praktijk_opslaan(
        onderwerp=vergoeding,
        partnerschap=regio_met_twee,
        bedrag=Decimal("250"),
        tekst="",
        door=None,
    )
    services.praktijk_opslaan(
        onderwerp=format_,
        partnerschap=regio_met_twee,
        bedrag=None,
        tekst="landelijk format loop",
        door=None,
    )
    rijen = km.get(reverse("samenwerking:afspraken", args=["R-A"])).context["rijen"]
    assert [(r["onderwerp"].titel, r["verschillend"], r["afwijkend"]) for r in rijen] == [
        ("Beoordelingsformat zij-instromers", False, []),
        ("Stagevergoeding pabo jaar 1", True, []),
    ]
    antwoord = km.post(
        reverse("samenwerking:regionale_afspraak", args=["R-A", vergoeding.pk]),
        {"bedrag": "300.00", "ingangsdatum": dt.date.today().isoformat()},
    )
    assert antwoord.status_code == 302
    rijen = km.get(reverse("samenwerking:afspraken", args=["R-A"])).context["rijen"]
    assert rijen[1]["afwijkend"] == ["P-C"]
    assert [w["afwijkend"] for w in rijen[1]["waarden"]] == [False, True]
    export = km.get(reverse("samenwerking:afspraken", args=["R-A"]), {"export": "csv"})
    regels = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert regels[0] == ["Onderwerp", "Regionale afspraak", "Geldt vanaf", "P-A", "P-C", "Wijkt af"]
    assert regels[2] == [
        "Stagevergoeding pabo jaar 1",
        "300.00",
        dt.date.today().isoformat(),
        "300.00",
        "250.00",
        "P-C",
    ]


def test_an_amount_topic_needs_an_amount_and_other_regions_topics_are_404(
    regio_met_twee, client_als, wereld
):
    onderwerp = services.afspraakonderwerp_opslaan(
        onderwerp=AfspraakOnderwerp(regio=wereld.regio_a, titel="Vergoeding", soort="bedrag"),
        door=None,
    )
    with pytest.raises(ValidationError):
        services.praktijk_opslaan(
            onderwerp=onderwerp, partnerschap=regio_met_twee, bedrag=None, tekst="veel", door=None
        )
    fout = client_als("pl_a").post(
        reverse("samenwerking:praktijk_bewerken", args=["P-A", onderwerp.pk]), {"bedrag": ""}
    )
    assert fout.status_code == 200 and "bedrag" in fout.context["form"].errors
    # pl_b's partnership is in region B: the topic of region A is not theirs.
    assert (
        client_als("pl_b")
        .get(reverse("samenwerking:praktijk_bewerken", args=["P-B", onderwerp.pk]))
        .status_code
        == 404
    )


def test_topics_practices_and_agreements_are_audited_with_the_actor(regio_met_twee, wereld):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from regio_portal.samenwerking.models import Praktijk, RegionaleAfspraak

    km = wereld.gebruikers["km_regio"]
    onderwerp = services.afspraakonderwerp_opslaan(
        onderwerp=AfspraakOnderwerp(regio=wereld.regio_a, titel="Vergoeding", soort="bedrag"),
        door=km,
    )
    services.praktijk_opslaan(
        onderwerp=onderwerp,
        partnerschap=regio_met_twee,
        bedrag=Decimal("250"),
        tekst="",
        door=wereld.gebruikers["pl_a"],
    )
    services.regionale_afspraak_vastleggen(
        onderwerp=onderwerp, bedrag=Decimal("300"), tekst="", ingangsdatum=dt.date.today(), door=km
    )
    actoren = {
        model.__name__: list(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model)
            ).values_list("actor__email", flat=True)
        )
        for model in (AfspraakOnderwerp, Praktijk, RegionaleAfspraak)
    }
    assert actoren == {
        "AfspraakOnderwerp": ["km.a@test.example"],
        "Praktijk": ["pl.a@test.example"],
        "RegionaleAfspraak": ["km.a@test.example"],
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_format_as_a_document_compared_by_content_and_downloaded_privately(
    regio_met_twee, client_als, wereld
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    onderwerp = services.afspraakonderwerp_opslaan(
        onderwerp=AfspraakOnderwerp(
            regio=wereld.regio_a, titel="Beoordelingsformat", soort="tekst"
        ),
        door=None,
    )
    pl = client_als("pl_a")
    url = reverse("samenwerking:praktijk_bewerken", args=["P-A", onderwerp.pk])
    fout = pl.post(url, {"tekst": ""})
    assert fout.context["form"].errors == {
        "tekst": ["Beschrijf de afspraak of voeg een document toe (dit onderwerp is tekst)."]
    }
    nep = pl.post(url, {"document": SimpleUploadedFile("format.pdf", b"MZ\x90\x00 niet echt")})
    assert nep.context["form"].errors == {
        "document": ["Alleen pdf, docx, xlsx, png of jpg (gecontroleerd op inhoud)."]
    }
    assert not onderwerp.praktijken.exists()
    assert pl.post(url, {"document": SimpleUploadedFile("f.pdf", PDF)}).status_code == 302
    praktijk = onderwerp.praktijken.get(partnerschap=wereld.partnerschap_a)
    assert (praktijk.tekst, praktijk.document_naam, praktijk.document_type) == (
        "",
        "beoordelingsformat-P-A.pdf",
        "application/pdf",
    )
    # The same document in C: the same practice; another document: a difference.
    services.praktijk_opslaan(
        onderwerp=onderwerp,
        partnerschap=regio_met_twee,
        bedrag=None,
        tekst="",
        document=SimpleUploadedFile("x.pdf", PDF),
        door=None,
    )
    rij = selectors.afspraken_vergelijking(wereld.regio_a, [wereld.partnerschap_a, regio_met_twee])
    assert rij[0]["verschillend"] is False
    services.praktijk_opslaan(
        onderwerp=onderwerp,
        partnerschap=regio_met_twee,
        bedrag=None,
        tekst="",
        document=SimpleUploadedFile("y.pdf", PDF + b"% andere versie\n"),
        door=None,
    )
    rij = selectors.afspraken_vergelijking(wereld.regio_a, [wereld.partnerschap_a, regio_met_twee])
    assert rij[0]["verschillend"] is True
    download = reverse("samenwerking:praktijk_document", args=["P-A", onderwerp.pk])
    goed = client_als("km_regio").get(download)
    assert b"".join(goed.streaming_content) == PDF
    assert goed["Content-Disposition"] == 'attachment; filename="beoordelingsformat-P-A.pdf"'
    assert client_als("pl_b").get(download).status_code == 404
    # Removing the document while a text stays; the old file is gone from storage.
    oud = praktijk.document.name
    client_als("pl_a").post(url, {"tekst": "Landelijk format", "document_weg": "on"})
    praktijk.refresh_from_db()
    assert (praktijk.tekst, praktijk.document.name, praktijk.document_sha256) == (
        "Landelijk format",
        "",
        "",
    )
    assert not praktijk.document.storage.exists(oud)
    assert client_als("km_regio").get(download).status_code == 404
