"""Pages that change partnership data: exact effects, audit, Dutch errors."""

from __future__ import annotations

import datetime as dt
import re

from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerschappen.models import Contactpersoon, Lidmaatschap, Overeenkomst, Rol
from tests.conftest import MINI_PDF


def test_partnerschap_bewerken_saves_and_audits_before_after(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("partnerschappen:bewerken", kwargs={"code": "P-A"})
    antwoord = client.post(
        url,
        {
            "naam": "Opleidingsschool A",
            "sector": "vo",
            "status": "aspirant",
            "omschrijving": "",
            "website": "opleidingsschool-a.example",
        },
    )
    assert antwoord.status_code == 302
    assert antwoord["Location"] == "/partnerschappen/P-A/"
    wereld.partnerschap_a.refresh_from_db()
    assert (
        wereld.partnerschap_a.naam,
        wereld.partnerschap_a.sector,
        wereld.partnerschap_a.website,
    ) == (
        "Opleidingsschool A",
        "vo",
        "https://opleidingsschool-a.example",
    )
    entry = LogEntry.objects.get(object_repr="Opleidingsschool A", action=LogEntry.Action.UPDATE)
    assert entry.actor == wereld.gebruikers["pl_a"]
    assert entry.changes_dict["naam"] == ["Partnerschap A", "Opleidingsschool A"]
    assert entry.changes_dict["status"] == ["erkend", "aspirant"]


def test_partnerschap_bewerken_invalid_shows_dutch_error_and_keeps_data(client_als, wereld):
    client = client_als("pl_a")
    antwoord = client.post(
        reverse("partnerschappen:bewerken", kwargs={"code": "P-A"}),
        {"naam": "", "sector": "hbo", "status": "erkend"},
    )
    assert antwoord.status_code == 200
    assert antwoord.context["form"].errors == {
        "naam": ["Dit veld is verplicht."],
        "sector": ["Selecteer een geldige keuze. hbo is geen beschikbare keuze."],
    }
    wereld.partnerschap_a.refresh_from_db()
    assert wereld.partnerschap_a.naam == "Partnerschap A"


def test_lid_toevoegen_by_vestigingscode(client_als, wereld):
    client = client_als("pl_a")
    antwoord = client.post(
        reverse("partnerschappen:lid_toevoegen", kwargs={"code": "P-A"}),
        {"soort": "vestiging", "code": "02bb00", "startdatum": "2025-08-01", "einddatum": ""},
    )
    assert antwoord.status_code == 302
    lid = Lidmaatschap.objects.get(partnerschap=wereld.partnerschap_a, vestiging=wereld.vestiging_b)
    assert (lid.startdatum, lid.einddatum) == (dt.date(2025, 8, 1), None)


def test_lid_toevoegen_unknown_code_and_overlap_are_refused(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("partnerschappen:lid_toevoegen", kwargs={"code": "P-A"})
    onbekend = client.post(
        url, {"soort": "vestiging", "code": "99ZZ99", "startdatum": "2025-08-01"}
    )
    assert onbekend.context["form"].errors == {
        "code": ["Er is geen vestiging met code 99ZZ99 bekend."]
    }
    overlap = client.post(url, {"soort": "vestiging", "code": "01AA00", "startdatum": "2025-08-01"})
    assert overlap.context["form"].errors == {
        "startdatum": [
            "Dit lid is in deze periode al lid van het partnerschap "
            "(lidmaatschap vanaf 01-08-2020)."
        ]
    }
    assert Lidmaatschap.objects.filter(partnerschap=wereld.partnerschap_a).count() == 2


def test_lid_bewerken_sets_einddatum(client_als, wereld):
    client = client_als("pl_a")
    antwoord = client.post(
        reverse("partnerschappen:lid_bewerken", kwargs={"code": "P-A", "pk": wereld.lid_a.pk}),
        {"startdatum": "2020-08-01", "einddatum": "2026-07-31"},
    )
    assert antwoord.status_code == 302
    wereld.lid_a.refresh_from_db()
    assert wereld.lid_a.einddatum == dt.date(2026, 7, 31)


def test_lid_verwijderen_asks_confirmation_before_deleting(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("partnerschappen:lid_verwijderen", kwargs={"code": "P-A", "pk": wereld.lid_a.pk})
    vraag = client.get(url)
    assert "Weet u zeker dat u het lidmaatschap van 01AA00" in vraag.content.decode()
    assert Lidmaatschap.objects.filter(pk=wereld.lid_a.pk).exists()
    client.post(url)
    assert not Lidmaatschap.objects.filter(pk=wereld.lid_a.pk).exists()


def test_contact_toevoegen_and_verwijderen(client_als, wereld):
    client = client_als("pl_a")
    client.post(
        reverse("partnerschappen:contact_toevoegen", kwargs={"code": "P-A"}),
        {
            "naam": "Mila Smit",
            "functie": "opleidingscoördinator",
            "email": "mila@a.example",
            "telefoon": "",
        },
    )
    contact = Contactpersoon.objects.get(naam="Mila Smit")
    assert (contact.partnerschap, contact.functie) == (
        wereld.partnerschap_a,
        "opleidingscoördinator",
    )
    client.post(
        reverse("partnerschappen:contact_verwijderen", kwargs={"code": "P-A", "pk": contact.pk})
    )
    assert not Contactpersoon.objects.filter(naam="Mila Smit").exists()


def test_overeenkomst_upload_rejects_non_pdf_and_stores_pdf_privately(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("partnerschappen:overeenkomst_toevoegen", kwargs={"code": "P-A"})
    nep = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 niet echt", content_type="application/pdf")
    antwoord = client.post(url, {"titel": "Nep", "soort": "overig", "bestand": nep})
    assert antwoord.context["form"].errors == {"bestand": ["Het bestand is geen PDF."]}
    assert not Overeenkomst.objects.filter(titel="Nep").exists()

    pdf = SimpleUploadedFile("convenant.pdf", MINI_PDF, content_type="application/pdf")
    client.post(
        url,
        {"titel": "Convenant 2026", "soort": "convenant", "datum": "2026-01-15", "bestand": pdf},
    )
    overeenkomst = Overeenkomst.objects.get(titel="Convenant 2026")
    assert overeenkomst.bestand.name.startswith(f"overeenkomsten/{wereld.partnerschap_a.pk}/")
    assert "convenant" not in overeenkomst.bestand.name

    download = client_als("bestuurder").get(
        reverse(
            "partnerschappen:overeenkomst_download", kwargs={"code": "P-A", "pk": overeenkomst.pk}
        )
    )
    assert b"".join(download.streaming_content) == MINI_PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"


def test_uitnodigen_creates_account_role_and_working_password_link(
    client_als, wereld, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client_als("pl_a").post(
            reverse("partnerschappen:uitnodigen", kwargs={"code": "P-A"}),
            {"email": "Nieuwe.Collega@A.example", "naam": "Nieuwe Collega"},
        )
    assert antwoord.status_code == 302
    rol = Rol.objects.get(gebruiker__email="nieuwe.collega@a.example")
    assert (rol.soort, rol.partnerschap) == ("programmaleider", wereld.partnerschap_a)
    assert rol.gebruiker.has_usable_password() is False
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    assert bericht.to == ["nieuwe.collega@a.example"]
    assert "programmaleider Partnerschap A" in bericht.body
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", bericht.body).group(1)

    client.logout()
    stap = client.get(link)
    assert stap.status_code == 302  # allauth moves the key into the session
    formulier = client.get(stap["Location"])
    assert formulier.status_code == 200
    gezet = client.post(
        stap["Location"],
        {"password1": "Een-lang-wachtwoord-2026", "password2": "Een-lang-wachtwoord-2026"},
    )
    assert gezet.status_code == 302
    rol.gebruiker.refresh_from_db()
    assert rol.gebruiker.check_password("Een-lang-wachtwoord-2026")


def test_uitnodigen_same_role_twice_is_refused(client_als, wereld):
    client = client_als("pl_a")
    url = reverse("partnerschappen:uitnodigen", kwargs={"code": "P-A"})
    antwoord = client.post(url, {"email": "pl.a@test.example", "naam": "Ik"})
    assert antwoord.context["form"].errors == {"email": ["Deze persoon heeft deze rol al."]}
    assert len(mail.outbox) == 0


def test_partnerschap_lijst_csv_export_neutralises_formulas(client_als, wereld):
    wereld.partnerschap_a.naam = '=HYPERLINK("http://x")'
    wereld.partnerschap_a.save()
    antwoord = client_als("pl_a").get(reverse("partnerschappen:lijst") + "?export=csv")
    tekst = antwoord.content.decode("utf-8-sig")
    assert tekst.splitlines() == [
        "Code;Naam;Sector;Status;Regio's;Aantal vestigingen;Aantal instituten",
        'P-A;"\'=HYPERLINK(""http://x"")";po;erkend;Regio A;1;1',
    ]


def test_partnerschap_lijst_names_each_region_once(client_als, wereld):
    from tests.factories import LidmaatschapFactory, VestigingFactory

    LidmaatschapFactory(
        partnerschap=wereld.partnerschap_a,
        vestiging=VestigingFactory(regio=wereld.regio_a),
        startdatum=dt.date(2023, 8, 1),
    )
    LidmaatschapFactory(
        partnerschap=wereld.partnerschap_a, vestiging=VestigingFactory(regio=wereld.regio_b)
    )
    antwoord = client_als("pl_a").get(reverse("partnerschappen:lijst"))
    assert [p.regio_namen for p in antwoord.context["page_obj"]] == [["Regio A", "Regio B"]]


def test_partnerschap_lijst_filters(client_als, wereld):
    client = client_als("beheerder")

    def namen(q):
        antwoord = client.get(reverse("partnerschappen:lijst") + q)
        return [p.code for p in antwoord.context["page_obj"]]

    assert namen("") == ["P-A", "P-B"]
    assert namen("?q=B") == ["P-B"]
    assert namen("?status=aspirant") == []


def test_kwartiermaker_sees_only_partnerships_in_region(client_als, wereld):
    codes = [
        p.code
        for p in client_als("km_regio").get(reverse("partnerschappen:lijst")).context["page_obj"]
    ]
    assert codes == ["P-A"]


def test_regio_detail_shows_coverage(client_als, wereld):
    antwoord = client_als("km_regio").get(
        reverse("partnerschappen:regio_detail", kwargs={"code": "R-A"})
    )
    assert (
        antwoord.context["aantal_vestigingen"],
        antwoord.context["in_partnerschap"],
        antwoord.context["dekking"],
    ) == (1, 1, 100)
    assert [p.code for p in antwoord.context["partnerschappen"]] == ["P-A"]


def test_vestiging_lijst_zonder_regio_filter(client_als, wereld):
    from tests.factories import VestigingFactory

    VestigingFactory(code="09ZZ00", regio=None, gemeente="0363")
    antwoord = client_als("beheerder").get(
        reverse("partnerschappen:vestiging_lijst") + "?zonder_regio=on"
    )
    assert [v.code for v in antwoord.context["page_obj"]] == ["09ZZ00"]


def test_audit_page_lists_change_with_actor(client_als, wereld):
    client_als("pl_a").post(
        reverse("partnerschappen:contact_toevoegen", kwargs={"code": "P-A"}),
        {"naam": "Auditkandidaat", "email": "", "functie": "", "telefoon": ""},
    )
    client = client_als("beheerder")
    antwoord = client.get(reverse("core:audit") + "?q=Auditkandidaat")
    entries = list(antwoord.context["page_obj"])
    assert [(e.actor.email, e.action, e.object_repr) for e in entries] == [
        ("pl.a@test.example", LogEntry.Action.CREATE, "Auditkandidaat")
    ]


def test_audit_page_reads_like_a_person_wrote_it(client_als, wereld):
    """Labels instead of field names, names instead of ids, local time to the minute,
    no '– → –' lines; filters by kind, action and date."""
    import datetime as dt

    from django.utils import timezone

    from peer_review.models import Cyclus, Voorstel
    from regio_portal.core.services import object_opslaan

    cyclus = Cyclus.objects.create(
        naam="Cyclus 2026", begin=dt.date(2026, 1, 1), deadline=dt.date(2026, 12, 31)
    )
    voorstel = Voorstel.objects.create(cyclus=cyclus, probleem={"p": 1}, uitkomst={"u": 1})
    voorstel.goedgekeurd_door = wereld.gebruikers["km_regio"]
    voorstel.goedgekeurd_op = dt.datetime(2026, 3, 4, 9, 15, 42, 123456, tzinfo=dt.UTC)
    object_opslaan(obj=voorstel, door=wereld.gebruikers["km_regio"])
    client = client_als("beheerder")
    antwoord = client.get(reverse("core:audit") + "?soort=peer_review.voorstel&actie=1")
    regels = antwoord.context["regels"]
    assert [(r["model"], r["door"]) for r in regels] == [("Panelvoorstel", "km.a@test.example")]
    wijzigingen = {w["veld"]: (w["voor"], w["na"]) for w in regels[0]["wijzigingen"]}
    naam = str(wereld.gebruikers["km_regio"])
    assert wijzigingen["Goedgekeurd door"] == ("–", naam)
    # 09:15 UTC is 10:15 in Amsterdam (winter time), to the minute.
    assert wijzigingen["Goedgekeurd op"] == ("–", "04-03-2026 10:15")
    assert all(voor != na for voor, na in wijzigingen.values())
    html = antwoord.content.decode()
    assert "goedgekeurd_door" not in html and "123456" not in html
    vandaag = timezone.localdate()
    morgen = (vandaag + dt.timedelta(days=1)).isoformat()
    assert client.get(reverse("core:audit") + f"?van={morgen}").context["regels"] == []
    assert (
        len(client.get(reverse("core:audit") + f"?tot={vandaag.isoformat()}").context["regels"])
        >= 1
    )
