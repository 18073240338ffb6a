"""A review from approval to ontwikkelagenda, and the panel's access following its state."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kwaliteit import services as kw
from peer_review import services
from peer_review.models import PanelLid, Review
from regio_portal.core.services import Opdrachtregel
from tests.conftest import MINI_PDF
from tests.kwaliteit.conftest import kwaliteit_voor


def review_voor(w, status=Review.Status.PANEL_VASTGESTELD, met_panel=True) -> dict:
    """A's review in a region-A cycle, visited by B, the reflection linked, a date and a
    verslag file; `peer` on the panel for B."""
    k = kwaliteit_voor(w)
    cyclus = services.cyclus_aanmaken(
        door=Opdrachtregel(),
        naam="OPR",
        regio=w.regio_a,
        begin=dt.date(2026, 1, 1),
        deadline=dt.date(2029, 12, 31),
    )
    review = Review.objects.create(
        cyclus=cyclus,
        ontvangend=w.partnerschap_a,
        status=status,
        kritische_reflectie=k["z"],
        bezoekdatum=dt.date(2027, 3, 15),
        ontwikkelvragen="Hoe versterken we inductie?",
    )
    review.bezoekers.set([w.partnerschap_b])
    review.verslag.save("v.pdf", ContentFile(MINI_PDF))
    if met_panel:
        PanelLid.objects.create(
            review=review,
            gebruiker=w.gebruikers["peer"],
            partnerschap=w.partnerschap_b,
            rol="voorzitter",
        )
    return {"review": review, "bewijs": k["bewijs"], "z": k["z"]}


def test_panel_access_follows_the_review_state(client_als, wereld):
    r = review_voor(wereld, status=Review.Status.GEPLAND)
    review = r["review"]
    client = client_als("peer")
    url = reverse("peer_review:review", args=[review.pk])
    assert client.get(url).status_code == 404  # before the panel is approved
    Review.objects.filter(pk=review.pk).update(status=Review.Status.PANEL_VASTGESTELD)
    pagina = client.get(url)
    assert pagina.status_code == 200
    assert "Hoe versterken we inductie?" in pagina.content.decode()
    assert (
        client.get(reverse("peer_review:bewijs", args=[review.pk, r["bewijs"].uuid])).status_code
        == 200
    )
    Review.objects.filter(pk=review.pk).update(status=Review.Status.VERSLAG_DEFINITIEF)
    assert client.get(url).status_code == 404  # ended by itself
    assert (
        client.get(reverse("peer_review:bewijs", args=[review.pk, r["bewijs"].uuid])).status_code
        == 404
    )


def _client(gebruiker):
    from django.test import Client

    client = Client()
    client.force_login(gebruiker)
    return client


def test_from_visit_to_ontwikkelagenda(wereld):
    r = review_voor(wereld)
    review = r["review"]
    paneel = _client(wereld.gebruikers["peer"])
    verslag = SimpleUploadedFile("verslag.pdf", MINI_PDF, content_type="application/pdf")
    assert (
        paneel.post(
            reverse("peer_review:verslag_uploaden", args=[review.pk]), {"verslag": verslag}
        ).status_code
        == 302
    )
    review.refresh_from_db()
    assert review.status == "verslag_concept"
    ontvanger = _client(wereld.gebruikers["pl_a"])
    ontvanger.post(
        reverse("peer_review:stap", args=[review.pk]),
        {"stap": "feitencheck", "tekst": "Bladzijde 2: 4 scholen, niet 3."},
    )
    # The receiving partnership may not make the verslag final itself.
    assert (
        ontvanger.post(
            reverse("peer_review:stap", args=[review.pk]), {"stap": "definitief"}
        ).status_code
        == 403
    )
    paneel.post(reverse("peer_review:stap", args=[review.pk]), {"stap": "definitief"})
    review.refresh_from_db()
    assert (review.status, review.feitencheck) == (
        "verslag_definitief",
        "Bladzijde 2: 4 scholen, niet 3.",
    )
    ontvanger.post(
        reverse("peer_review:stap", args=[review.pk]),
        {"stap": "ontwikkelagenda", "tekst": "Inductie per 2028."},
    )
    review.refresh_from_db()
    assert (review.status, review.ontwikkelagenda) == ("afgerond", "Inductie per 2028.")


def test_prepare_links_only_a_submitted_zelfevaluatie_of_its_own(client_als, wereld):
    r = review_voor(wereld)
    review, z = r["review"], r["z"]
    client = client_als("pl_a")
    url = reverse("peer_review:voorbereiden", args=[review.pk])
    antwoord = client.post(
        url, {"bezoekdatum": "2027-04-01", "kritische_reflectie": z.pk, "ontwikkelvragen": "X"}
    )
    assert antwoord.context["form"].errors == {
        "kritische_reflectie": ["Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]
    }
    z = kw.zelfevaluatie_opslaan(
        zelfevaluatie=z,
        revisie=0,
        antwoorden={s.kenmerk_id: ("3", "a", "") for s in z.scores.all()},
        door=Opdrachtregel(),
    )
    kw.zelfevaluatie_indienen(zelfevaluatie=z, door=Opdrachtregel())
    assert (
        client.post(
            url, {"bezoekdatum": "2027-04-01", "kritische_reflectie": z.pk, "ontwikkelvragen": "X"}
        ).status_code
        == 302
    )
    review.refresh_from_db()
    assert (review.bezoekdatum, review.kritische_reflectie, review.ontwikkelvragen) == (
        dt.date(2027, 4, 1),
        z,
        "X",
    )


def test_ics_invitation(client_als, wereld):
    review = review_voor(wereld)["review"]
    antwoord = client_als("pl_b").get(reverse("peer_review:ics", args=[review.pk]))
    tekst = antwoord.content.decode()
    assert antwoord["Content-Type"] == "text/calendar; charset=utf-8"
    assert "DTSTART;VALUE=DATE:20270315\r\n" in tekst and "DTEND;VALUE=DATE:20270316\r\n" in tekst
    assert "SUMMARY:Peer review Partnerschap A\r\n" in tekst


def test_visiting_programmaleider_adds_a_panel_member_who_is_invited(
    client_als, wereld, django_capture_on_commit_callbacks
):
    from django.core import mail

    review = review_voor(wereld, met_panel=False)["review"]
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_als("pl_b").post(
            reverse("peer_review:panellid", args=[review.pk]),
            {
                "email": "nieuw.panel@b.example",
                "naam": "Nieuw Panellid",
                "partnerschap": wereld.partnerschap_b.pk,
                "rol": "peer_school",
            },
        )
    assert antwoord.status_code == 302
    lid = PanelLid.objects.get()
    assert (lid.gebruiker.email, lid.rol, lid.partnerschap) == (
        "nieuw.panel@b.example",
        "peer_school",
        wereld.partnerschap_b,
    )
    assert [m.to for m in mail.outbox] == [["nieuw.panel@b.example"]]
    assert lid.gebruiker.rollen.get().geldig_tot == dt.date(2029, 12, 31)
