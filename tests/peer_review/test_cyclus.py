"""The coordinator's part: a cycle, a proposal from the database, locks and approval."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from peer_review import selectors, services
from peer_review.models import Cyclus, Review, Voorstel
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
        "Slechts 1 partnerschap(pen) mogen bezoeken (P-B); de andere vallen af: "
        "1× uitgesloten door de coördinator."
    )
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
