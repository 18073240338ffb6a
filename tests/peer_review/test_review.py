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
    paneel.post(
        reverse("peer_review:stap", args=[review.pk]),
        {"stap": "beschikbaarheid", "tekst": "15 of 22 maart"},
    )
    assert PanelLid.objects.get(review=review).beschikbaarheid == "15 of 22 maart"
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


def test_ics_parses_as_a_calendar_event(client_als, wereld):
    from icalendar import Calendar

    review = review_voor(wereld)["review"]
    inhoud = client_als("pl_a").get(reverse("peer_review:ics", args=[review.pk])).content
    kalender = Calendar.from_ical(inhoud)
    [event] = kalender.walk("VEVENT")
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.date(2027, 3, 15),
        dt.date(2027, 3, 16),
    )
    assert str(event["SUMMARY"]) == "Peer review Partnerschap A"
    assert str(event["DESCRIPTION"]) == "Bezoekende partnerschappen: Partnerschap B"


def test_reminders_are_sent_once_and_logged(wereld, caplog):
    from django.core import mail

    from peer_review.herinneringen import herinneringen_versturen
    from peer_review.models import Herinnering

    review = review_voor(wereld)["review"]
    Review.objects.filter(pk=review.pk).update(kritische_reflectie=None)
    # Four weeks before the visit (15-03-2027): the receiving programmaleider is reminded.
    assert herinneringen_versturen(vandaag=dt.date(2027, 2, 14)) == 0
    assert herinneringen_versturen(vandaag=dt.date(2027, 2, 15)) == 1
    assert herinneringen_versturen(vandaag=dt.date(2027, 2, 16)) == 0  # once
    assert [m.to for m in mail.outbox] == [["pl.a@test.example"]]
    # Four weeks after the visit without a verslag: the panel is reminded.
    assert herinneringen_versturen(vandaag=dt.date(2027, 4, 12)) == 1
    assert mail.outbox[-1].to == ["peer@test.example"]
    assert sorted(Herinnering.objects.values_list("soort", flat=True)) == ["reflectie", "verslag"]
    assert "pl.a@test.example" not in caplog.text  # logs name user ids, not addresses


def test_weekly_digest_for_the_region_coordinator(wereld):
    from django.core import mail

    from peer_review.herinneringen import herinneringen_versturen

    review_voor(wereld)
    maandag = dt.date(2027, 5, 3)
    assert maandag.weekday() == 0
    herinneringen_versturen(vandaag=maandag)
    overzicht = [m for m in mail.outbox if m.subject.startswith("Weekoverzicht")]
    assert [m.to for m in overzicht] == [["km.a@test.example"]]
    assert "- Partnerschap A: panel vastgesteld" in overzicht[0].body
    herinneringen_versturen(vandaag=maandag)
    assert len([m for m in mail.outbox if m.subject.startswith("Weekoverzicht")]) == 1


def test_demo_coordinator_proposes_adjusts_and_approves(
    client, django_capture_on_commit_callbacks, db
):
    from django.core.management import call_command

    from partnerschappen.models import Partnerschap
    from peer_review.indeling import blokkade, lees_probleem
    from peer_review.models import Cyclus, Voorstel
    from regio_portal.core.models import Gebruiker

    call_command("demo_data", stdout=open("/dev/null", "w"))
    cyclus = Cyclus.objects.get()
    client.force_login(Gebruiker.objects.get(email="kwartiermaker.mn@demo.regioportal.nl"))
    eerste = Voorstel.objects.get()
    paar = next((r["ontvangend"], b) for r in eerste.uitkomst["toewijzing"] for b in r["bezoekers"])
    client.post(
        reverse("peer_review:paarregel", args=[cyclus.pk]),
        {"bezoeker": paar[1], "ontvangend": paar[0], "soort": "uitgesloten"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("peer_review:voorstellen", args=[cyclus.pk]))
    nieuw = Voorstel.objects.order_by("-aangemaakt_op").first()
    client.post(reverse("peer_review:goedkeuren", args=[nieuw.pk]))
    probleem = lees_probleem(nieuw.probleem)
    reviews = list(Review.objects.filter(cyclus=cyclus).prefetch_related("bezoekers"))
    assert len(reviews) == len(probleem.te_reviewen)
    bezoeken = {}
    for review in reviews:
        codes = [b.code for b in review.bezoekers.all()]
        assert paar[1] not in codes or review.ontvangend.code != paar[0]
        for v in codes:
            assert blokkade(probleem, v, review.ontvangend.code) is None
            bezoeken[v] = bezoeken.get(v, 0) + 1
        assert len(codes) <= cyclus.bezoekers_per_review
    assert max(bezoeken.values()) <= cyclus.max_bezoeken
    paren = {(b.code, r.ontvangend.code) for r in reviews for b in r.bezoekers.all()}
    assert not any((r, v) in paren for v, r in paren)
    assert Partnerschap.objects.filter(code=paar[0]).exists()
