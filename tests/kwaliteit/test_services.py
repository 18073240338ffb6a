"""Every kwaliteit service on its own: what it writes, what it refuses, with exact values."""

from __future__ import annotations

import io
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kwaliteit import selectors, services
from kwaliteit.models import Bewijsstuk, Kader, Ontwikkelpunt, Score, Zelfevaluatie
from regio_portal.core.services import Opdrachtregel
from tests.conftest import MINI_PDF
from tests.kwaliteit.conftest import DEMO_KADER

DOOR = Opdrachtregel()
KENMERKEN = [f"{w}.{k}" for w in range(1, 5) for k in range(1, 4)]


def _antwoorden(z, score="3", onderbouwing="Zo doen wij het.", gewenst=""):
    return {s.kenmerk_id: (score, onderbouwing, gewenst) for s in z.scores.all()}


def _fout(exc) -> list[str]:
    return exc.value.messages


def test_kader_publiceer_refuses_twice_and_an_empty_framework(db):
    kader = services.kader_importeer(inhoud=DEMO_KADER.read_bytes(), door=DOOR)
    assert (kader.status, kader.gepubliceerd_op) == (Kader.Status.CONCEPT, None)
    services.kader_publiceer(kader=kader, door=DOOR)
    kader.refresh_from_db()
    assert kader.status == Kader.Status.GEPUBLICEERD and kader.gepubliceerd_op is not None
    with pytest.raises(ValidationError) as fout:
        services.kader_publiceer(kader=kader, door=DOOR)
    assert _fout(fout) == ["Deze versie is al gepubliceerd."]
    leeg = Kader.objects.create(naam="Leeg", versie=1, jaar=2025)
    with pytest.raises(ValidationError) as fout:
        services.kader_publiceer(kader=leeg, door=DOOR)
    assert _fout(fout) == ["Een kader zonder kenmerken kan niet worden gepubliceerd."]


def test_kader_nieuwe_versie_is_a_concept_copy_and_huidig_kader_the_latest_published(db):
    eerste = services.kader_importeer(inhoud=DEMO_KADER.read_bytes(), door=DOOR)
    services.kader_publiceer(kader=eerste, door=DOOR)
    tweede = services.kader_nieuwe_versie(kader=eerste, door=DOOR)
    assert (tweede.naam, tweede.versie, tweede.status) == (eerste.naam, 2, Kader.Status.CONCEPT)
    assert (
        services.kader_exporteer(tweede)["waarborgen"]
        == (services.kader_exporteer(eerste)["waarborgen"])
    )
    assert services.huidig_kader() == eerste  # a concept is never the current one
    services.kader_publiceer(kader=tweede, door=DOOR)
    assert services.huidig_kader() == tweede


def test_zelfevaluatie_start_makes_an_empty_score_per_kenmerk_once(wereld, kwaliteit):
    z = kwaliteit["z"]
    assert sorted(z.scores.values_list("kenmerk__code", flat=True)) == KENMERKEN
    assert set(z.scores.values_list("score", "onderbouwing")) == {("", "")}
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_start(partnerschap=wereld.partnerschap_a, jaar=2025, door=DOOR)
    assert _fout(fout) == ["Er is al een zelfevaluatie voor 2025."]


def test_zelfevaluatie_opslaan_checks_the_scale_and_the_revision(wereld, kwaliteit):
    z = kwaliteit["z"]
    eerste = next(iter(_antwoorden(z)))
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_opslaan(
            zelfevaluatie=z, revisie=z.revisie, antwoorden={eerste: ("9", "", "")}, door=DOOR
        )
    assert fout.value.message_dict == {f"score_{eerste}": ["'9' staat niet op de schaal"]}

    voor = LogEntry.objects.get_for_model(Score).count()
    nieuw = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=z.revisie, antwoorden={eerste: ("2", " Begonnen ", "")}, door=DOOR
    )
    assert nieuw.revisie == z.revisie + 1
    assert Score.objects.get(zelfevaluatie=z, kenmerk_id=eerste).onderbouwing == "Begonnen"
    assert LogEntry.objects.get_for_model(Score).count() == voor + 1  # one change, one entry

    # A second editor who read the old revision: refused, nothing written.
    with pytest.raises(services.Conflict):
        services.zelfevaluatie_opslaan(
            zelfevaluatie=z, revisie=z.revisie, antwoorden={eerste: ("4", "Anders", "")}, door=DOOR
        )
    assert Score.objects.get(zelfevaluatie=z, kenmerk_id=eerste).score == "2"


def test_indienen_lists_what_is_missing_then_locks(wereld, kwaliteit):
    z = kwaliteit["z"]
    antwoorden = _antwoorden(z)
    kenmerk_11 = z.scores.get(kenmerk__code="1.1").kenmerk_id
    kenmerk_12 = z.scores.get(kenmerk__code="1.2").kenmerk_id
    antwoorden[kenmerk_11] = ("", "", "")
    antwoorden[kenmerk_12] = ("3", "", "")
    z = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=z.revisie, antwoorden=antwoorden, door=DOOR
    )
    assert services.ontbrekend_voor_indienen(z) == [
        "kenmerk 1.1: score ontbreekt",
        "kenmerk 1.2: onderbouwing ontbreekt (verplicht bij een score)",
    ]
    with pytest.raises(ValidationError):
        services.zelfevaluatie_indienen(zelfevaluatie=z, door=DOOR)
    z = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=z.revisie, antwoorden=_antwoorden(z), door=DOOR
    )
    services.zelfevaluatie_indienen(zelfevaluatie=z, door=wereld.gebruikers["pl_a"])
    z.refresh_from_db()
    assert (z.status, z.ingediend_door) == (
        Zelfevaluatie.Status.INGEDIEND,
        wereld.gebruikers["pl_a"],
    )
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_indienen(zelfevaluatie=z, door=DOOR)
    assert _fout(fout) == ["Deze zelfevaluatie is al ingediend."]
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_opslaan(
            zelfevaluatie=z, revisie=z.revisie, antwoorden=_antwoorden(z), door=DOOR
        )
    assert _fout(fout) == ["Deze zelfevaluatie is ingediend en kan niet meer worden gewijzigd."]
    with pytest.raises(ValidationError):
        services.bewijsstuk_toevoegen(
            zelfevaluatie=z, titel="Te laat", url="https://example.org/x", door=DOOR
        )


def test_heropenen_needs_a_submitted_one_and_a_reason(wereld, kwaliteit):
    z = kwaliteit["z"]
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_heropenen(zelfevaluatie=z, reden="Waarom", door=DOOR)
    assert _fout(fout) == ["Alleen een ingediende zelfevaluatie kan worden heropend."]
    z = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=z.revisie, antwoorden=_antwoorden(z), door=DOOR
    )
    services.zelfevaluatie_indienen(zelfevaluatie=z, door=DOOR)
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_heropenen(zelfevaluatie=z, reden="  ", door=DOOR)
    assert fout.value.message_dict == {"reden": ["Geef een reden."]}
    revisie = z.revisie
    services.zelfevaluatie_heropenen(zelfevaluatie=z, reden=" Onderbouwing 2.1 te kort ", door=DOOR)
    z.refresh_from_db()
    assert (z.status, z.heropend_reden, z.revisie) == (
        Zelfevaluatie.Status.CONCEPT,
        "Onderbouwing 2.1 te kort",
        revisie + 1,
    )
    laatste = LogEntry.objects.get_for_object(z).order_by("-pk").first()
    assert laatste.changes_dict["heropend_reden"] == ["", "Onderbouwing 2.1 te kort"]


def _zip(*namen: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for naam in namen:
            z.writestr(naam, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("inhoud", "soort"),
    [
        (MINI_PDF, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * 8, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"0" * 12, "image/jpeg"),
        (
            _zip("[Content_Types].xml", "word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            _zip("[Content_Types].xml", "xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (_zip("gewoon.txt"), None),
        (b"MZ\x90\x00 an executable", None),
    ],
)
def test_herken_bestand_by_content(inhoud, soort):
    assert services.herken_bestand(inhoud[:16], io.BytesIO(inhoud)) == soort


def test_bewijsstuk_link_file_size_and_removal(
    wereld, kwaliteit, settings, django_capture_on_commit_callbacks
):
    z = kwaliteit["z"]
    link = services.bewijsstuk_toevoegen(
        zelfevaluatie=z, titel="Jaarverslag", url="https://example.org/jaarverslag", door=DOOR
    )
    assert (link.url, link.bestand.name, link.grootte) == ("https://example.org/jaarverslag", "", 0)

    settings.MAX_BEWIJSSTUK = 10
    with pytest.raises(ValidationError) as fout:
        services.bewijsstuk_toevoegen(
            zelfevaluatie=z,
            titel="Groot",
            door=DOOR,
            bestand=SimpleUploadedFile("g.pdf", MINI_PDF, content_type="application/pdf"),
        )
    assert fout.value.message_dict == {"bestand": ["Het bestand is groter dan 10 MB."]}
    assert Bewijsstuk.objects.filter(titel="Groot").count() == 0

    bewijs = kwaliteit["bewijs"]
    pad = bewijs.bestand.name
    assert (bewijs.content_type, bewijs.grootte, bewijs.bestandsnaam) == (
        "application/pdf",
        len(MINI_PDF),
        "Visiedocument.pdf",
    )
    assert default_storage.exists(pad)
    with django_capture_on_commit_callbacks(execute=True):
        services.bewijsstuk_verwijderen(bewijsstuk=bewijs, door=DOOR)
    assert not Bewijsstuk.objects.filter(pk=bewijs.pk).exists()
    assert not default_storage.exists(pad)


def test_ontwikkelpunt_closed_records_the_year(wereld, kwaliteit):
    punt = kwaliteit["punt"]
    assert (punt.status, punt.afgerond_jaar) == (Ontwikkelpunt.Status.OPEN, None)
    punt.status = Ontwikkelpunt.Status.AFGEROND
    services.ontwikkelpunt_opslaan(ontwikkelpunt=punt, door=DOOR)
    punt.refresh_from_db()
    assert punt.afgerond_jaar == timezone.localdate().year


def test_zelfevaluatie_te_doen_per_partnership(wereld, kwaliteit):
    a, b = wereld.partnerschap_a.pk, wereld.partnerschap_b.pk
    assert selectors.zelfevaluatie_te_doen([a, b], 2025) == {
        a: [("kwaliteit", "De zelfevaluatie is nog niet ingediend.")],
        b: [("kwaliteit", "De zelfevaluatie 2025-2026 is nog niet gestart.")],
    }
    z = kwaliteit["z"]
    z = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=z.revisie, antwoorden=_antwoorden(z), door=DOOR
    )
    services.zelfevaluatie_indienen(zelfevaluatie=z, door=DOOR)
    assert selectors.zelfevaluatie_te_doen([a], 2025) == {}


def test_the_framework_upload_page_shows_every_bad_place(client_als):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    antwoord = client_als("beheerder").post(
        reverse("kwaliteit:kaders"),
        {"bestand": SimpleUploadedFile("k.json", b'{"naam": "K", "jaar": 1900}')},
    )
    assert antwoord.context["form"].errors["bestand"] == [
        "kader.jaar: moet een jaartal zijn, zoals 2025",
        "kader.waarborgen: ten minste één waarborg",
    ]
