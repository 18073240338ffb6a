"""The coordinator's part: a cycle, a proposal from the database, locks and approval."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, IntegerField, Value
from django.urls import reverse

from partnerschappen.models import Regio
from peer_review import selectors, services
from peer_review.models import Cyclus, DatumPlusDagen, Review, Voorstel
from regio_portal.core.services import Opdrachtregel
from tests.factories import LidmaatschapFactory, PartnerschapFactory, RegioFactory, VestigingFactory


def _cyclus(wereld):
    return services.cyclus_aanmaken(
        door=Opdrachtregel(),
        naam="OPR 2026-2029",
        regio=wereld.regio_a,
        begin=dt.date(2026, 1, 1),
        deadline=dt.date(2029, 12, 31),
    )


def test_kwartiermaker_creates_cycle_for_own_region_only(client_als, wereld):
    client = client_als("km_regio")
    gegevens = {
        "naam": "OPR",
        "begin": "2026-01-01",
        "deadline": "2029-12-31",
        "bezoekers_per_review": 2,
        "max_bezoeken": 2,
        "andere_regio_verplicht": "on",
        "sector": "voorkeur",
    }
    elders = client.post(reverse("peer_review:cycli"), {**gegevens, "regio": wereld.regio_b.pk})
    assert "regio" in elders.context["form"].errors
    landelijk = client.post(reverse("peer_review:cycli"), gegevens)
    assert landelijk.context["form"].errors["regio"] == ["Dit veld is verplicht."]
    goed = client.post(reverse("peer_review:cycli"), {**gegevens, "regio": wereld.regio_a.pk})
    cyclus = Cyclus.objects.get()
    assert goed["Location"] == reverse("peer_review:cyclus", args=[cyclus.pk])
    assert (cyclus.regio, cyclus.aangemaakt_door) == (wereld.regio_a, wereld.gebruikers["km_regio"])


def test_problem_from_the_database(wereld):
    cyclus = _cyclus(wereld)
    probleem = selectors.probleem_voor(cyclus)
    assert probleem["te_reviewen"] == ["P-A"]
    assert probleem["partnerschappen"] == [
        {
            "code": "P-A",
            "regios": ["R-A"],
            "besturen": ["41001"],
            "instituten": ["21PB"],
            "sector": "po",
        },
        {"code": "P-B", "regios": ["R-B"], "besturen": ["41002"], "instituten": [], "sector": "po"},
    ]
    assert (probleem["bezoekers_per_review"], probleem["sector"], probleem["vastgezet"]) == (
        2,
        "voorkeur",
        [],
    )


def test_propose_explain_exclude_and_approve(
    client_als, wereld, django_capture_on_commit_callbacks
):
    derde = PartnerschapFactory(code="P-C", naam="Partnerschap C")
    LidmaatschapFactory(
        partnerschap=derde, vestiging=VestigingFactory(regio=RegioFactory(code="R-C"))
    )
    cyclus = _cyclus(wereld)
    client = client_als("km_regio")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("peer_review:voorstellen", args=[cyclus.pk]))
    voorstel = Voorstel.objects.get()
    assert voorstel.status == "klaar"
    assert voorstel.uitkomst["toewijzing"] == [{"ontvangend": "P-A", "bezoekers": ["P-B", "P-C"]}]
    assert voorstel.aangevraagd_door == wereld.gebruikers["km_regio"]

    client.post(
        reverse("peer_review:paarregel", args=[cyclus.pk]),
        {"bezoeker": "P-C", "ontvangend": "P-A", "soort": "uitgesloten"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("peer_review:voorstellen", args=[cyclus.pk]))
    nieuw = Voorstel.objects.order_by("-aangemaakt_op").first()
    assert nieuw.probleem["uitgesloten"] == [["P-C", "P-A"]]
    assert nieuw.uitkomst["toewijzing"] == [{"ontvangend": "P-A", "bezoekers": ["P-B"]}]
    assert nieuw.uitkomst["onvervuld"][0]["reden"] == (
        "Slechts 1 partnerschap mag bezoeken (P-B); de andere vallen af: "
        "1× uitgesloten door de coördinator."
    )
    # Approving asks first and says what stays empty; the pages name partnerships.
    html = client.get(reverse("peer_review:cyclus", args=[cyclus.pk])).content.decode()
    assert "<strong>Partnerschap A (P-A)</strong>: Slechts 1 partnerschap mag" in html
    assert (
        f'href="{reverse("peer_review:goedkeuren", args=[nieuw.pk])}">Voorstel goedkeuren' in html
    )
    assert (
        f'href="{reverse("peer_review:cyclus_bewerken", args=[cyclus.pk])}">Regels wijzigen' in html
    )
    vraag = client.get(reverse("peer_review:goedkeuren", args=[nieuw.pk])).content.decode()
    assert (
        "Weet u zeker dat u de panels van 1 review wilt goedkeuren? Let op: 1 van de 2 "
        "plaatsen blijft leeg (Partnerschap A (P-A) mist 1 bezoeker)."
    ) in vraag
    assert "Ja, panels goedkeuren" in vraag
    assert Review.objects.count() == 0  # asking wrote nothing
    # The older proposal can no longer be approved; the newest can.
    pagina = client.post(reverse("peer_review:goedkeuren", args=[voorstel.pk]), follow=True)
    assert "Er is een nieuwer voorstel" in pagina.content.decode()
    client.post(reverse("peer_review:goedkeuren", args=[nieuw.pk]))
    review = Review.objects.get()
    assert (review.ontvangend.code, review.status, [b.code for b in review.bezoekers.all()]) == (
        "P-A",
        "panel_vastgesteld",
        ["P-B"],
    )
    nieuw.refresh_from_db()
    assert (nieuw.status, nieuw.goedgekeurd_door) == ("goedgekeurd", wereld.gebruikers["km_regio"])
    pagina = client.get(reverse("peer_review:cyclus", args=[cyclus.pk]))
    assert list(pagina.context["nog_nodig"]) == []


def test_coordinator_edits_the_rules_and_sees_late_reviews(client_als, wereld):
    import datetime as dt

    from django.utils import timezone

    cyclus = _cyclus(wereld)
    client = client_als("km_regio")
    url = reverse("peer_review:cyclus_bewerken", args=[cyclus.pk])
    fout = client.post(
        url,
        {
            "deadline": cyclus.deadline.isoformat(),
            "bezoekers_per_review": 0,
            "max_bezoeken": 3,
            "sector": "geen",
            "reflectie_vooraf_dagen": 14,
            "verslag_binnen_dagen": 10,
        },
    )
    assert fout.context["form"].errors == {
        "bezoekers_per_review": ["Minstens 1 bezoekend partnerschap."]
    }
    goed = client.post(
        url,
        {
            "deadline": cyclus.deadline.isoformat(),
            "bezoekers_per_review": 3,
            "max_bezoeken": 3,
            "sector": "geen",
            "reflectie_vooraf_dagen": 14,
            "verslag_binnen_dagen": 10,
        },
    )
    assert goed.status_code == 302
    cyclus.refresh_from_db()
    assert (
        cyclus.bezoekers_per_review,
        cyclus.max_bezoeken,
        cyclus.andere_regio_verplicht,
        cyclus.sector,
        cyclus.reflectie_vooraf_dagen,
        cyclus.verslag_binnen_dagen,
    ) == (3, 3, False, "geen", 14, 10)
    from peer_review.selectors import probleem_voor

    assert probleem_voor(cyclus)["bezoekers_per_review"] == 3
    # Visited 11 days ago without a verslag: late under this cycle's 10 days.
    vandaag = timezone.localdate()
    review = Review.objects.create(
        cyclus=cyclus,
        ontvangend=wereld.partnerschap_a,
        status="panel_vastgesteld",
        bezoekdatum=vandaag - dt.timedelta(days=11),
    )
    assert list(Review.objects.te_laat_op(vandaag)) == [review]
    cyclus.verslag_binnen_dagen = 11
    cyclus.save()
    assert list(Review.objects.te_laat_op(vandaag)) == []
    cyclus.verslag_binnen_dagen = 10
    cyclus.save()
    html = client.get(reverse("peer_review:cyclus", args=[cyclus.pk])).content.decode()
    assert "Goedgekeurde reviews · 1 te laat</h2>" in html
    assert '<span class="regio-badge regio-te-laat">te laat</span>' in html
    uiterlijk = (vandaag - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    assert f"verslag uiterlijk {uiterlijk}" in html


def test_a_date_plus_days_in_the_database(wereld):
    """DatumPlusDagen (the verslag's due day) across a month end in a leap year, on
    PostgreSQL here; tests/test_smoke_sqlite.py checks the same on SQLite."""
    som = DatumPlusDagen(
        Value(dt.date(2028, 2, 27), output_field=DateField()),
        Value(3, output_field=IntegerField()),
    )
    uitkomst = Regio.objects.annotate(d=som).values_list("d", flat=True).first()
    assert uitkomst == dt.date(2028, 3, 1)
