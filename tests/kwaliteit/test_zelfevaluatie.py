"""Kwaliteit: framework files, the zelfevaluatie from draft to submitted, conflicts,
evidence, reopening, the PDF and the region heatmap."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from kwaliteit import services
from kwaliteit.models import Bewijsstuk, Kader, Score, Zelfevaluatie
from regio_portal.core.services import Opdrachtregel
from tests.kwaliteit.conftest import DEMO_KADER, kwaliteit_voor


def _formulier(z, score="3", onderbouwing="Zo doen wij het.", revisie=None):
    gegevens = {"revisie": z.revisie if revisie is None else revisie}
    for s in z.scores.all():
        gegevens[f"score_{s.kenmerk_id}"] = score
        gegevens[f"onderbouwing_{s.kenmerk_id}"] = f"{onderbouwing} ({s.kenmerk.code})"
        gegevens[f"gewenst_{s.kenmerk_id}"] = ""
    return gegevens


def test_kader_import_export_round_trip(db):
    kader = services.kader_importeer(inhoud=DEMO_KADER.read_bytes(), door=Opdrachtregel())
    uit = services.kader_exporteer(kader)
    assert (uit["naam"], uit["versie"], len(uit["waarborgen"])) == (
        "Kwaliteitskader Samen Opleiden (demo)",
        1,
        4,
    )
    assert [k["code"] for k in uit["waarborgen"][1]["kenmerken"]] == ["2.1", "2.2", "2.3"]
    tweede = services.kader_importeer(inhoud=json.dumps(uit).encode(), door=Opdrachtregel())
    assert (tweede.versie, tweede.status) == (2, "concept")
    assert services.kader_exporteer(tweede)["waarborgen"] == uit["waarborgen"]


def test_kader_import_names_every_bad_place_and_writes_nothing(db):
    slecht = {
        "naam": "X",
        "jaar": 25,
        "waarborgen": [
            {
                "code": "1",
                "titel": "",
                "kenmerken": [{"code": "1.1", "tekst": "a"}, {"code": "1.1", "tekst": ""}],
            },
            {"code": "1", "titel": "Dubbel", "kenmerken": []},
        ],
    }
    with pytest.raises(ValidationError) as fout:
        services.kader_importeer(inhoud=json.dumps(slecht).encode(), door=Opdrachtregel())
    assert fout.value.messages == [
        "kader.jaar: moet een jaartal zijn, zoals 2025",
        "waarborgen[0].titel: ontbreekt of is geen tekst",
        "waarborgen[0].kenmerken[1].tekst: ontbreekt of is geen tekst",
        "waarborgen[0].kenmerken[1].code: 1.1 komt twee keer voor",
        "waarborgen[1].code: 1 komt twee keer voor",
        "waarborgen[1].kenmerken: ten minste één kenmerk",
    ]
    assert Kader.objects.count() == 0
    with pytest.raises(ValidationError) as geen_json:
        services.kader_importeer(inhoud=b"{niet json", door=Opdrachtregel())
    assert geen_json.value.messages[0].startswith("Het bestand is geen geldige JSON")


def test_programmaleider_completes_and_submits_and_pdf_holds_every_answer(
    client_als, wereld, kwaliteit
):
    client = client_als("pl_a")
    z = kwaliteit["z"]
    url = reverse("kwaliteit:zelfevaluatie", args=["P-A", 2025])
    antwoord = client.post(url, _formulier(z))
    assert antwoord.status_code == 302
    z.refresh_from_db()
    assert z.revisie == 1
    assert set(z.scores.values_list("score", flat=True)) == {"3"}
    assert client.post(reverse("kwaliteit:indienen", args=["P-A", 2025])).status_code == 302
    z.refresh_from_db()
    assert (z.status, z.ingediend_door) == ("ingediend", wereld.gebruikers["pl_a"])
    # Locked: a further save is refused.
    assert client.post(url, _formulier(z, score="4")).status_code == 403
    pdf = client.get(reverse("kwaliteit:pdf", args=["P-A", 2025]))
    tekst = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    for s in Score.objects.filter(zelfevaluatie=z).select_related("kenmerk"):
        assert f"Zo doen wij het. ({s.kenmerk.code})" in tekst
    assert tekst.count("Score: 3 – basiskwaliteit op orde") == 12
    assert "Visiedocument" in tekst and "Begeleiders scholen" in tekst
    assert "voorbeeldtekst" in tekst


def test_submit_needs_every_score_explained(client_als, wereld, kwaliteit):
    z = kwaliteit["z"]
    eerste = z.scores.select_related("kenmerk").order_by(
        "kenmerk__waarborg__volgorde", "kenmerk__volgorde"
    )[0]
    antwoorden = {s.kenmerk_id: ("2", "uitleg", "") for s in z.scores.all()}
    antwoorden[eerste.kenmerk_id] = ("2", "", "")
    services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=0, antwoorden=antwoorden, door=Opdrachtregel()
    )
    z.refresh_from_db()
    with pytest.raises(ValidationError) as fout:
        services.zelfevaluatie_indienen(zelfevaluatie=z, door=Opdrachtregel())
    assert fout.value.messages == ["kenmerk 1.1: onderbouwing ontbreekt (verplicht bij een score)"]
    assert Zelfevaluatie.objects.get(pk=z.pk).status == "concept"


def test_two_colleagues_do_not_silently_overwrite_each_other(client_als, wereld, kwaliteit, client):
    z = kwaliteit["z"]
    url = reverse("kwaliteit:zelfevaluatie", args=["P-A", 2025])
    eerste = client_als("pl_a")
    eerste.post(url, _formulier(z, score="2", onderbouwing="Eerste", revisie=0))
    # The beheerder opened the page at revision 0 too and saves later.
    client.force_login(wereld.gebruikers["beheerder"])
    antwoord = client.post(url, _formulier(z, score="4", onderbouwing="Tweede", revisie=0))
    assert antwoord.status_code == 200
    fout = antwoord.context["form"].non_field_errors()[0]
    assert fout.startswith(f"Let op: {wereld.gebruikers['pl_a']} heeft deze zelfevaluatie om ")
    assert "Uw wijzigingen zijn NIET opgeslagen" in fout
    # The second person's input is still on screen, the first person's work is intact.
    assert "Tweede (1.1)" in antwoord.content.decode()
    assert set(Score.objects.filter(zelfevaluatie=z).values_list("score", flat=True)) == {"2"}


def test_kwartiermaker_reopens_with_reason_logged(client_als, wereld, kwaliteit):
    z = kwaliteit["z"]
    antwoorden = {s.kenmerk_id: ("3", "uitleg", "") for s in z.scores.all()}
    z = services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=0, antwoorden=antwoorden, door=Opdrachtregel()
    )
    services.zelfevaluatie_indienen(zelfevaluatie=z, door=Opdrachtregel())
    url = reverse("kwaliteit:heropenen", args=["P-A", 2025])
    assert client_als("pl_a").post(url, {"reden": "x"}).status_code == 403
    leeg = client_als("km_regio").post(url, {"reden": ""})
    assert leeg.context["form"].errors == {"reden": ["Dit veld is verplicht."]}
    assert (
        client_als("km_regio").post(url, {"reden": "Waarborg 2 graag aanvullen"}).status_code == 302
    )
    z.refresh_from_db()
    assert (z.status, z.heropend_reden) == ("concept", "Waarborg 2 graag aanvullen")
    entry = LogEntry.objects.filter(
        object_pk=str(z.pk), content_type__model="zelfevaluatie"
    ).latest("timestamp")
    assert entry.actor == wereld.gebruikers["km_regio"]
    assert entry.changes_dict["heropend_reden"] == ["", "Waarborg 2 graag aanvullen"]


def test_new_framework_version_leaves_earlier_zelfevaluaties_on_theirs(
    client_als, wereld, kwaliteit
):
    oud = kwaliteit["kader"]
    z = kwaliteit["z"]
    nieuw = services.kader_nieuwe_versie(kader=oud, door=Opdrachtregel())
    nieuw.waarborgen.get(code="1").kenmerken.filter(code="1.1").update(tekst="Nieuwe tekst")
    services.kader_publiceer(kader=nieuw, door=Opdrachtregel())
    z.refresh_from_db()
    assert z.kader == oud
    assert oud.waarborgen.get(code="1").kenmerken.get(code="1.1").tekst.startswith("Voorbeeldtekst")
    assert services.huidig_kader() == nieuw
    volgend = services.zelfevaluatie_start(
        partnerschap=wereld.partnerschap_a, jaar=2026, door=Opdrachtregel()
    )
    assert volgend.kader == nieuw
    with pytest.raises(ValidationError):
        services.kader_publiceer(kader=nieuw, door=Opdrachtregel())


def test_evidence_is_checked_by_content(client_als, wereld, kwaliteit):
    client = client_als("pl_a")
    url = reverse("kwaliteit:bewijs_toevoegen", args=["P-A", 2025])
    nep = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00 uitvoerbaar", content_type="application/pdf"
    )
    antwoord = client.post(url, {"titel": "Nep", "bestand": nep})
    assert antwoord.context["form"].errors == {
        "bestand": ["Alleen pdf, docx, xlsx, png of jpg (gecontroleerd op inhoud)."]
    }
    png = SimpleUploadedFile(
        "foto.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, content_type="image/jpeg"
    )
    assert client.post(url, {"titel": "Foto", "bestand": png}).status_code == 302
    foto = Bewijsstuk.objects.get(titel="Foto")
    assert (foto.content_type, foto.bestandsnaam) == ("image/png", "Foto.png")
    link = client.post(url, {"titel": "Website", "url": "opleidingsschool.example/visie"})
    assert link.status_code == 302
    assert Bewijsstuk.objects.get(titel="Website").url == "https://opleidingsschool.example/visie"
    beide = client.post(
        url, {"titel": "X", "url": "a.example", "bestand": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert beide.context["form"].errors == {
        "__all__": ["Kies een bestand of een link (één van beide)."]
    }


def test_region_heatmap_averages_per_waarborg(client_als, wereld, kwaliteit):
    z = kwaliteit["z"]
    antwoorden = {}
    for s in z.scores.select_related("kenmerk__waarborg"):
        w = s.kenmerk.waarborg.code
        antwoorden[s.kenmerk_id] = {
            "1": ("2", "a", ""),
            "2": ("4", "a", ""),
            "3": ("nvt", "a", ""),
            "4": ("", "", ""),
        }[w]
    antwoorden[z.scores.get(kenmerk__code="1.1").kenmerk_id] = ("3", "a", "")
    services.zelfevaluatie_opslaan(
        zelfevaluatie=z, revisie=0, antwoorden=antwoorden, door=Opdrachtregel()
    )
    antwoord = client_als("km_regio").get(reverse("kwaliteit:regio", args=["R-A"]) + "?jaar=2025")
    rij = antwoord.context["rijen"][0]
    assert (rij["partnerschap"].code, rij["status"]) == ("P-A", "concept")
    assert [(c["code"], c["waarde"]) for c in rij["cellen"]] == [
        ("1", 2.3),
        ("2", 4.0),
        ("3", None),
        ("4", None),
    ]
    # The ontwikkelpunt's deadline (30-06-2026) has passed and it is not closed.
    assert [o.wat for o in antwoord.context["te_laat"]] == ["Begeleiders scholen"]


def test_ontwikkelpunt_carries_over_until_closed(client_als, wereld, kwaliteit):
    punt = kwaliteit["punt"]
    volgend = services.zelfevaluatie_start(
        partnerschap=wereld.partnerschap_a, jaar=2026, door=Opdrachtregel()
    )
    pagina = client_als("bestuurder").get(
        reverse("kwaliteit:zelfevaluatie", args=["P-A", volgend.jaar])
    )
    assert [o.wat for o in pagina.context["ontwikkelpunten"]] == ["Begeleiders scholen"]
    punt.status = "afgerond"
    services.ontwikkelpunt_opslaan(ontwikkelpunt=punt, door=Opdrachtregel())
    pagina = client_als("bestuurder").get(
        reverse("kwaliteit:zelfevaluatie", args=["P-A", volgend.jaar])
    )
    assert list(pagina.context["ontwikkelpunten"]) == []
    assert punt.afgerond_jaar == dt.date.today().year


def test_starting_twice_or_without_framework_is_refused(wereld):
    with pytest.raises(ValidationError) as geen:
        services.zelfevaluatie_start(
            partnerschap=wereld.partnerschap_a, jaar=2025, door=Opdrachtregel()
        )
    assert geen.value.messages == ["Er is nog geen gepubliceerd kwaliteitskader."]
    kwaliteit_voor(wereld)
    with pytest.raises(ValidationError) as dubbel:
        services.zelfevaluatie_start(
            partnerschap=wereld.partnerschap_a, jaar=2025, door=Opdrachtregel()
        )
    assert dubbel.value.messages == ["Er is al een zelfevaluatie voor 2025."]


def test_published_framework_is_read_only_in_the_admin(client_als, wereld, kwaliteit):
    client = client_als("beheerder")
    kader = kwaliteit["kader"]
    url = reverse("admin:kwaliteit_kader_change", args=[kader.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert pagina.context["has_change_permission"] is False
    client.post(url, {"naam": "Gewijzigd", "versie": 1, "jaar": 2025})
    kader.refresh_from_db()
    assert kader.naam == "Kwaliteitskader Samen Opleiden (demo)"
    concept = services.kader_nieuwe_versie(kader=kader, door=Opdrachtregel())
    assert (
        client.get(reverse("admin:kwaliteit_kader_change", args=[concept.pk])).context[
            "has_change_permission"
        ]
        is True
    )


def test_save_per_waarborg_returns_there_and_shows_when_last_saved(client_als, wereld, kwaliteit):
    from django.utils import timezone

    client = client_als("pl_a")
    z = kwaliteit["z"]
    url = reverse("kwaliteit:zelfevaluatie", args=["P-A", 2025])
    html = client.get(url).content.decode()
    codes = list(
        dict.fromkeys(s.kenmerk.waarborg.code for s in z.scores.select_related("kenmerk__waarborg"))
    )
    for code in codes:
        assert (
            f'<button type="submit" name="waarborg" value="{code}" class="utrecht-button '
            f'utrecht-button--primary-action">Opslaan (waarborg {code})</button>'
        ) in html
    assert (
        f'data-concept-sleutel="zelfevaluatie-{z.pk}" data-concept-revisie="0" '
        'data-sessie-seconden="1800"' in html
    )
    assert '<script src="/static/js/concept.js" defer></script>' in html
    assert "Laatst opgeslagen" not in html  # never saved yet
    antwoord = client.post(url, {**_formulier(z), "waarborg": codes[1]})
    assert antwoord["Location"] == f"{url}#waarborg-{codes[1]}"
    z.refresh_from_db()
    html = client.get(url).content.decode()
    tijd = timezone.localtime(z.bijgewerkt).strftime("%d-%m-%Y %H:%M")
    assert f'<dd id="laatst-opgeslagen">{tijd} door {wereld.gebruikers["pl_a"]}</dd>' in html
    assert 'data-concept-revisie="1"' in html
    # A value that is not a waarborg code does not end up in the redirect.
    antwoord = client.post(url, {**_formulier(z), "waarborg": 'x"><script>'})
    assert antwoord["Location"] == url
