"""Regional meetings open to every school in the region (issue 14, first part)."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import icalendar
import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from regio_portal.samenwerking import services
from regio_portal.samenwerking.models import Aanmelding, Bijeenkomst


@pytest.fixture
def bijeenkomst(wereld):
    begin = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    return services.bijeenkomst_opslaan(
        bijeenkomst=Bijeenkomst(
            regio=wereld.regio_a,
            titel="Inductie van startende leraren",
            thema="inductie",
            begin=begin,
            eind=begin + dt.timedelta(hours=2),
            locatie="Stadhuis, Utrecht",
            capaciteit=1,
        ),
        door=wereld.gebruikers["km_regio"],
    )


def _aanmelden(client, b, naam, email, school="01AA00", ip="10.0.0.1"):
    return client.post(
        reverse("samenwerking:publiek", args=[b.sleutel]),
        {"naam": naam, "email": email, "vestiging": school, "rol": "schoolopleider"},
        REMOTE_ADDR=ip,
    )


def _link(bericht, naam: str) -> str:
    return re.search(rf"http://testserver(/bijeenkomsten/{naam}/[^/\s]+/)", bericht.body).group(1)


def test_a_school_without_an_account_registers_confirms_gets_the_ics_and_cancels(bijeenkomst):
    anoniem = Client()
    pagina = anoniem.get(reverse("samenwerking:publiek", args=[bijeenkomst.sleutel]))
    assert "ook als uw school (nog) niet in een partnerschap zit" in pagina.content.decode()
    antwoord = _aanmelden(anoniem, bijeenkomst, "Anna de Vries", "Anna@School.example")
    assert "Bijna klaar" in antwoord.content.decode()
    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.status, aanmelding.email, aanmelding.vestiging.code) == (
        "onbevestigd",
        "anna@school.example",
        "01AA00",
    )
    assert [m.subject for m in mail.outbox] == [
        "Bevestig uw aanmelding: Inductie van startende leraren"
    ]
    bevestig = _link(mail.outbox[0], "bevestigen")
    # Opening the link asks; only the button confirms (a mail scanner confirms nothing).
    assert "Aanmelding bevestigen" in anoniem.get(bevestig).content.decode()
    assert Aanmelding.objects.get().status == "onbevestigd"
    assert "U bent aangemeld" in anoniem.post(bevestig).content.decode()
    assert Aanmelding.objects.get().status == "bevestigd"
    bevestigd = mail.outbox[1]
    assert bevestigd.subject == "U bent aangemeld: Inductie van startende leraren"
    naam, inhoud, soort = bevestigd.attachments[0]
    agenda = icalendar.Calendar.from_ical(inhoud)
    gebeurtenis = agenda.walk("VEVENT")[0]
    assert (soort, str(gebeurtenis["SUMMARY"]), str(gebeurtenis["LOCATION"])) == (
        "text/calendar",
        "Inductie van startende leraren",
        "Stadhuis, Utrecht",
    )
    assert gebeurtenis.decoded("DTSTART") == bijeenkomst.begin
    assert gebeurtenis.decoded("DTEND") == bijeenkomst.eind
    # The public .ics is the same event.
    publiek = anoniem.get(reverse("samenwerking:publiek_ics", args=[bijeenkomst.sleutel]))
    assert (
        icalendar.Calendar.from_ical(publiek.content).walk("VEVENT")[0]["UID"]
        == (gebeurtenis["UID"])
    )
    annuleer = _link(bevestigd, "annuleren")
    assert "Wilt u zich afmelden" in anoniem.get(annuleer).content.decode()
    assert "U bent afgemeld" in anoniem.post(annuleer).content.decode()
    assert Aanmelding.objects.get().status == "geannuleerd"


def test_a_full_meeting_puts_the_next_on_the_waiting_list_and_promotes_on_cancellation(
    bijeenkomst,
):
    anoniem = Client()
    _aanmelden(anoniem, bijeenkomst, "Anna", "anna@school.example")
    _aanmelden(anoniem, bijeenkomst, "Bram", "bram@school.example", ip="10.0.0.2")
    anoniem.post(_link(mail.outbox[0], "bevestigen"))
    anoniem.post(_link(mail.outbox[1], "bevestigen"))
    assert dict(Aanmelding.objects.values_list("naam", "status")) == {
        "Anna": "bevestigd",
        "Bram": "wachtlijst",
    }
    assert mail.outbox[3].subject == "Op de wachtlijst: Inductie van startende leraren"
    anoniem.post(_link(mail.outbox[2], "annuleren"))
    assert dict(Aanmelding.objects.values_list("naam", "status")) == {
        "Anna": "geannuleerd",
        "Bram": "bevestigd",
    }
    assert mail.outbox[4].to == ["bram@school.example"]
    assert mail.outbox[4].subject.startswith("Er is een plaats vrijgekomen: u bent aangemeld")
    assert mail.outbox[4].attachments[0][0] == "bijeenkomst.ics"


def test_a_second_registration_of_an_address_reveals_nothing_and_adds_nothing(bijeenkomst):
    anoniem = Client()
    _aanmelden(anoniem, bijeenkomst, "Anna", "anna@school.example")
    # Not confirmed yet (the mail got lost?): a new confirmation link, the same row.
    tweede = _aanmelden(anoniem, bijeenkomst, "Iemand anders", "ANNA@school.example")
    assert "Bijna klaar" in tweede.content.decode()
    assert Aanmelding.objects.count() == 1
    assert mail.outbox[1].subject == "Bevestig uw aanmelding: Inductie van startende leraren"
    anoniem.post(_link(mail.outbox[1], "bevestigen"))
    derde = _aanmelden(anoniem, bijeenkomst, "Iemand anders", "anna@school.example")
    assert "Bijna klaar" in derde.content.decode()
    assert Aanmelding.objects.count() == 1
    assert mail.outbox[3].subject == "U had zich al aangemeld: Inductie van startende leraren"
    assert mail.outbox[3].to == ["anna@school.example"]
    assert "Beste Anna" in mail.outbox[3].body


def test_links_that_are_altered_or_expired_do_not_work(bijeenkomst):
    anoniem = Client()
    _aanmelden(anoniem, bijeenkomst, "Anna", "anna@school.example")
    aanmelding = Aanmelding.objects.get()
    echt = services.teken(aanmelding, services.BEVESTIG_ZOUT)
    assert anoniem.get(reverse("samenwerking:bevestigen", args=[echt + "x"])).status_code == 404
    # The cancel token does not confirm (another salt).
    ander = services.teken(aanmelding, services.ANNULEER_ZOUT)
    assert anoniem.post(reverse("samenwerking:bevestigen", args=[ander])).status_code == 404
    with mock.patch(
        "django.core.signing.time.time", return_value=timezone.now().timestamp() - 49 * 3600
    ):
        oud = services.teken(aanmelding, services.BEVESTIG_ZOUT)
    assert anoniem.post(reverse("samenwerking:bevestigen", args=[oud])).status_code == 404
    assert Aanmelding.objects.get().status == "onbevestigd"
    # A valid link after the meeting began confirms nothing either.
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(begin=timezone.now())
    assert anoniem.post(reverse("samenwerking:bevestigen", args=[echt])).status_code == 404
    assert Aanmelding.objects.get().status == "onbevestigd"
    assert signing.TimestampSigner(salt=services.BEVESTIG_ZOUT).unsign(echt) == str(aanmelding.pk)


def test_the_public_form_is_rate_limited_per_address_and_checks_every_field(bijeenkomst):
    anoniem = Client()
    fout = anoniem.post(
        reverse("samenwerking:publiek", args=[bijeenkomst.sleutel]),
        {"naam": "", "email": "geen-adres", "vestiging": "02BB00"},
        REMOTE_ADDR="10.9.9.9",
    )
    # 02BB00 is in region B: not a school of this region.
    assert set(fout.context["form"].errors) == {"naam", "email", "vestiging"}
    for i in range(9):
        _aanmelden(anoniem, bijeenkomst, f"P{i}", f"p{i}@school.example", ip="10.9.9.9")
    assert (
        _aanmelden(anoniem, bijeenkomst, "P10", "p10@school.example", ip="10.9.9.9").status_code
        == 429
    )
    assert Aanmelding.objects.count() == 9
    assert (
        _aanmelden(anoniem, bijeenkomst, "Q", "q@school.example", ip="10.9.9.8").status_code == 200
    )


def test_a_user_registers_with_one_click_and_attendance_is_recorded(
    bijeenkomst, client_als, wereld
):
    client = client_als("pl_a")
    client.post(reverse("samenwerking:bijeenkomst_aanmelden", args=[bijeenkomst.pk]))
    aanmelding = Aanmelding.objects.get()
    assert (aanmelding.status, aanmelding.email) == ("bevestigd", "pl.a@test.example")
    Bijeenkomst.objects.filter(pk=bijeenkomst.pk).update(
        begin=timezone.now() - dt.timedelta(hours=3), eind=timezone.now() - dt.timedelta(hours=1)
    )
    km = client_als("km_regio")
    antwoord = km.post(
        reverse("samenwerking:bijeenkomst_aanwezigheid", args=[bijeenkomst.pk]),
        {"aanwezig": [str(aanmelding.pk)]},
    )
    assert antwoord.status_code == 302
    assert Aanmelding.objects.get().aanwezig is True


def test_reminders_go_once_and_personal_data_is_emptied_after_the_term(bijeenkomst, settings):
    anoniem = Client()
    _aanmelden(anoniem, bijeenkomst, "Anna", "anna@school.example")
    anoniem.post(_link(mail.outbox[0], "bevestigen"))
    nu = bijeenkomst.begin - dt.timedelta(days=1)
    assert services.herinneringen_versturen(nu=nu, basis_url="http://testserver/") == 1
    assert services.herinneringen_versturen(nu=nu, basis_url="http://testserver/") == 0
    assert mail.outbox[-1].subject == "Herinnering: Inductie van startende leraren"
    # A registration never confirmed goes after 48 hours; the rest keep their numbers.
    _aanmelden(anoniem, bijeenkomst, "Bram", "bram@school.example", ip="10.0.0.2")
    later = timezone.now() + dt.timedelta(hours=49)
    assert services.aanmeldingen_opschonen(nu=later) == 1
    na = bijeenkomst.eind + dt.timedelta(days=settings.BIJEENKOMST_BEWAARDAGEN + 1)
    assert services.aanmeldingen_opschonen(nu=na) == 1
    over = Aanmelding.objects.get()
    assert (over.naam, over.email, over.status, over.vestiging.code, over.opgeschoond) == (
        "",
        "",
        "bevestigd",
        "01AA00",
        True,
    )
    assert services.aanmeldingen_opschonen(nu=na) == 0


def test_no_registrant_data_in_log_lines(bijeenkomst, caplog):
    with caplog.at_level("DEBUG"):
        _aanmelden(Client(), bijeenkomst, "Anna de Vries", "anna@school.example")
    logs = "\n".join(r.getMessage() for r in caplog.records)
    assert "anna" not in logs.lower()


def test_calling_a_meeting_off_tells_everyone_registered_and_closes_registration(
    bijeenkomst, client_als
):
    anoniem = Client()
    _aanmelden(anoniem, bijeenkomst, "Anna", "anna@school.example")
    _aanmelden(anoniem, bijeenkomst, "Bram", "bram@school.example", ip="10.0.0.2")
    _aanmelden(anoniem, bijeenkomst, "Cas", "cas@school.example", ip="10.0.0.3")
    anoniem.post(_link(mail.outbox[0], "bevestigen"))
    anoniem.post(_link(mail.outbox[1], "bevestigen"))  # full: Bram on the waiting list
    mail.outbox.clear()
    url = reverse("samenwerking:bijeenkomst_afzeggen", args=[bijeenkomst.pk])
    assert client_als("pl_a").get(url).status_code == 403
    km = client_als("km_regio")
    assert km.post(url, {"reden": ""}).context["form"].errors == {
        "reden": ["Dit veld is verplicht."]
    }
    antwoord = km.post(url, {"reden": "De spreker is ziek; we plannen een nieuwe datum."})
    assert antwoord.status_code == 302
    bijeenkomst.refresh_from_db()
    assert bijeenkomst.annuleringsreden == "De spreker is ziek; we plannen een nieuwe datum."
    # Anna (registered) and Bram (waiting list) are told; Cas never confirmed.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("anna@school.example", "Gaat niet door: Inductie van startende leraren"),
        ("bram@school.example", "Gaat niet door: Inductie van startende leraren"),
    ]
    anna = next(m for m in mail.outbox if m.to == ["anna@school.example"])
    assert "Reden: De spreker is ziek; we plannen een nieuwe datum." in anna.body
    agenda = icalendar.Calendar.from_ical(anna.attachments[0][1])
    gebeurtenis = agenda.walk("VEVENT")[0]
    assert (str(agenda["METHOD"]), str(gebeurtenis["STATUS"]), gebeurtenis["SEQUENCE"]) == (
        "CANCEL",
        "CANCELLED",
        1,
    )
    bram = next(m for m in mail.outbox if m.to == ["bram@school.example"])
    assert bram.attachments == []
    # Registration is closed: the public form is gone, a confirmation link confirms
    # nothing, an account holder cannot register, and no reminder goes out.
    pagina = anoniem.get(reverse("samenwerking:publiek", args=[bijeenkomst.sleutel]))
    tekst = pagina.content.decode()
    assert "Deze bijeenkomst gaat niet door." in tekst and 'name="email"' not in tekst
    with pytest.raises(ValidationError, match="gaat niet door"):
        services.publiek_aanmelden(
            bijeenkomst=bijeenkomst,
            naam="Dirk",
            email="d@school.example",
            vestiging=None,
            rol="",
            basis_url="http://testserver/",
        )
    cas = Aanmelding.objects.get(naam="Cas")
    services.aanmelding_bevestigen(aanmelding=cas, basis_url="http://testserver/")
    assert Aanmelding.objects.get(naam="Cas").status == "onbevestigd"
    mail.outbox.clear()
    assert services.herinneringen_versturen(nu=bijeenkomst.begin - dt.timedelta(days=1)) == 0
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="al afgezegd"):
        services.bijeenkomst_afzeggen(
            bijeenkomst=bijeenkomst, reden="nogmaals", door=None, basis_url="http://testserver/"
        )
