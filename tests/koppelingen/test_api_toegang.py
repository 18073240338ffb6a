"""The API's access matrix: every operation of the OpenAPI document x every kind of key,
on the `wereld` (21PB is a member of partnership A, 25BA of B), and query budgets: each
operation answers with 1 and with 50 placements in the same number of queries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from koppelingen.api import openapi_document
from koppelingen.services import api_sleutel_intrekken, api_sleutel_uitgeven
from partnerschappen.models import Instituut
from regio_portal.core.services import Opdrachtregel
from tests.factories import InstituutFactory, LidmaatschapFactory, PlaatsingFactory
from tests.koppelingen.conftest import kop

A = {"code": "P-A", "schooljaar": "2025-2026"}
B = {"code": "P-B", "schooljaar": "2025-2026"}
LEVERING = {
    "plaatsingen": [
        {
            "vestiging": "01AA00",
            "studentnummer": "1001",
            "naam": "Student A",
            "opleidingstype": "pabo",
            "startdatum": "2025-09-01",
            "einddatum": "2026-06-30",
        }
    ]
}
OPERATIES = {
    ("get", "/api/v1/partnerschappen"): None,
    ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen"): None,
    ("put", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen"): LEVERING,
    ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/besluiten"): None,
    ("put", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/opgave"): {"aantal": 3},
    ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/afstemming"): None,
}
SLEUTELS = ("geen", "eigen", "van_pl_a", "ander_instituut", "ingetrokken", "verlopen")
# Statuses per key kind (order: SLEUTELS) for an operation on partnership A; the list of
# partnerships answers every valid key (with its own).
OP_A = (401, 200, 200, 404, 401, 401)
LIJST = (401, 200, 200, 200, 401, 401)


def _sleutels(wereld):
    pb = Instituut.objects.get(code="21PB")
    ba = InstituutFactory(code="25BA")
    LidmaatschapFactory(partnerschap=wereld.partnerschap_b, vestiging=None, instituut=ba)
    verloopt = timezone.localdate() + dt.timedelta(days=30)
    door = Opdrachtregel()
    teksten = {"geen": None}
    teksten["eigen"] = api_sleutel_uitgeven(
        instituut=pb, naam="e", verloopt_op=verloopt, door=door
    )[1]
    teksten["van_pl_a"] = api_sleutel_uitgeven(
        instituut=pb, naam="p", verloopt_op=verloopt, door=wereld.gebruikers["pl_a"]
    )[1]
    teksten["ander_instituut"] = api_sleutel_uitgeven(
        instituut=ba, naam="a", verloopt_op=verloopt, door=door
    )[1]
    ingetrokken, teksten["ingetrokken"] = api_sleutel_uitgeven(
        instituut=pb, naam="i", verloopt_op=verloopt, door=door
    )
    api_sleutel_intrekken(sleutel=ingetrokken, door=door)
    verlopen, teksten["verlopen"] = api_sleutel_uitgeven(
        instituut=pb, naam="v", verloopt_op=verloopt, door=door
    )
    verlopen.verloopt_op = timezone.localdate() - dt.timedelta(days=1)
    verlopen.save()
    return teksten


def _vraag(client, methode, pad, body, tekst, kwargs=A, n=0):
    url = pad.format(**kwargs)
    extra = kop(tekst, HTTP_IDEMPOTENCY_KEY=f"k{n}") if tekst else {"HTTP_IDEMPOTENCY_KEY": "k"}
    if methode == "get":
        return client.get(url, **extra)
    return client.put(url, data=json.dumps(body), content_type="application/json", **extra)


def test_the_matrix_covers_every_operation_of_the_document():
    document = openapi_document()
    assert set(OPERATIES) == {(m, p) for p, ops in document["paths"].items() for m in ops}


@pytest.mark.parametrize(("methode", "pad"), list(OPERATIES))
def test_api_access_matrix(methode, pad, client, wereld):
    teksten = _sleutels(wereld)
    verwacht = LIJST if pad == "/api/v1/partnerschappen" else OP_A
    gekregen = tuple(
        _vraag(client, methode, pad, OPERATIES[(methode, pad)], teksten[s], n=i).status_code
        for i, s in enumerate(SLEUTELS)
    )
    assert gekregen == verwacht
    if pad != "/api/v1/partnerschappen":
        # Partnership B: 21PB is no member there (404); 25BA is (200).
        assert (
            _vraag(
                client, methode, pad, OPERATIES[(methode, pad)], teksten["eigen"], B, 9
            ).status_code
            == 404
        )
        assert (
            _vraag(
                client, methode, pad, OPERATIES[(methode, pad)], teksten["ander_instituut"], B, 8
            ).status_code
            == 200
        )


def test_a_programmaleiders_key_reaches_only_their_partnerships(wereld, client):
    teksten = _sleutels(wereld)
    # 21PB joins B too: the beheerder's key reaches it, pl_a's key (issued for A) does not.
    LidmaatschapFactory(
        partnerschap=wereld.partnerschap_b,
        vestiging=None,
        instituut=Instituut.objects.get(code="21PB"),
    )
    pad = "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/besluiten"
    assert _vraag(client, "get", pad, None, teksten["eigen"], B).status_code == 200
    assert _vraag(client, "get", pad, None, teksten["van_pl_a"], B).status_code == 404
    assert [
        p["code"] for p in client.get("/api/v1/partnerschappen", **kop(teksten["van_pl_a"])).json()
    ] == ["P-A"]
    # pl_b may not issue a key for 21PB before it joined B… and may after, for B only.
    with pytest.raises(PermissionDenied):
        api_sleutel_uitgeven(
            instituut=InstituutFactory(),
            naam="x",
            verloopt_op=timezone.localdate(),
            door=wereld.gebruikers["pl_b"],
        )


@pytest.mark.parametrize("aantal", [1, 50])
@pytest.mark.parametrize(
    ("methode", "pad", "budget"),
    [
        ("get", "/api/v1/partnerschappen", 4),
        ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen", 6),
        ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/besluiten", 8),
        ("get", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/afstemming", 9),
        # +1 since the opgave is audited (auditlog entry).
        ("put", "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/opgave", 12),
    ],
)
def test_api_query_budget(methode, pad, budget, aantal, client, wereld, django_assert_num_queries):
    teksten = _sleutels(wereld)
    for i in range(aantal):
        PlaatsingFactory(
            schooljaar=2025,
            partnerschap=wereld.partnerschap_a,
            vestiging=wereld.vestiging_a,
            instituut=wereld.plaatsing_a.instituut,
            studentnummer=f"9{i:04d}",
            startdatum=dt.date(2025, 9, 1),
        )
    # The audit log looks up content types once per process: warm, so the budget does not
    # depend on which tests ran before in this process.
    ContentType.objects.get_for_models(*django_apps.get_models())
    with django_assert_num_queries(budget):
        antwoord = _vraag(client, methode, pad, OPERATIES[(methode, pad)], teksten["eigen"])
    assert antwoord.status_code == 200


@pytest.mark.parametrize("aantal", [1, 50])
def test_api_query_budget_of_a_delivery(aantal, client, wereld, django_assert_num_queries):
    """A delivery of 1 or 50 placements: the same queries (read, bulk write, replace,
    audit, the count's notes), never one per row."""
    teksten = _sleutels(wereld)
    rij = LEVERING["plaatsingen"][0]
    levering = {"plaatsingen": [{**rij, "studentnummer": f"8{i:04d}"} for i in range(aantal)]}
    pad = "/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen"
    with django_assert_num_queries(33):
        antwoord = _vraag(client, "put", pad, levering, teksten["eigen"])
    assert antwoord.status_code == 200, antwoord.json()
    assert antwoord.json()["aangemaakt"] == aantal
