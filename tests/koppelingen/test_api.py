"""The institutes' API: a delivery is an upload by another road (issue 15)."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from koppelingen.models import ApiGebruik
from koppelingen.services import api_sleutel_intrekken
from regio_portal.core.importeren import importeer
from regio_portal.core.services import Opdrachtregel
from subsidie.models import Plaatsing, TellingBesluit, TellingSnapshot
from subsidie.services import telling_bereken
from tests.conftest import VOORBEELDEN, csv_bytes, voorbeeld_zonder_plaatsingen_van
from tests.factories.partnerschappen import InstituutFactory
from tests.koppelingen.conftest import kop, sleutel_voor

PAD = "/api/v1/partnerschappen/{p}/schooljaren/{j}/{wat}"
VELDEN = ("vestiging", "studentnummer", "persoonsnummer", "naam", "opleidingstype")


def _api_rij(rij: dict) -> dict:
    return {
        **{v: rij[v] for v in VELDEN},
        "startdatum": rij["startdatum"],
        "einddatum": rij["einddatum"],
    }


def _put(client, tekst, rijen, *, sleutel="k1", p="P-DPO", j="2025-2026"):
    return client.put(
        PAD.format(p=p, j=j, wat="plaatsingen"),
        data=json.dumps({"plaatsingen": rijen}),
        content_type="application/json",
        **kop(tekst, HTTP_IDEMPOTENCY_KEY=sleutel),
    )


def _toestand():
    """Placements, decisions and count of 2025 as comparable values (no ids, times)."""
    plaatsingen = sorted(
        Plaatsing.objects.filter(schooljaar=2025).values_list(
            "partnerschap__code",
            "vestiging__code",
            "instituut__code",
            "studentnummer",
            "naam",
            "opleidingstype",
            "startdatum",
            "einddatum",
            "persoon_sleutel",
            "student_sleutel",
        )
    )
    snapshot = TellingSnapshot.objects.get(schooljaar=2025, actueel=True)
    besluiten = sorted(
        TellingBesluit.objects.filter(telling=snapshot).values_list(
            "plaatsing__instituut__code",
            "plaatsing__studentnummer",
            "plaatsing__vestiging__code",
            "partnerschap__code",
            "status",
            "geteld_bij",
        )
    )
    # Not the fingerprint: it covers placement ids, and the second road gets new ones
    # (a rolled-back savepoint does not return sequence values).
    waarschuwingen = [
        {k: v for k, v in w.items() if k != "plaatsing_id"} for w in snapshot.waarschuwingen
    ]
    return plaatsingen, besluiten, snapshot.resultaat, waarschuwingen


@pytest.mark.django_db(transaction=False)
def test_a_delivery_through_the_api_equals_the_same_rows_uploaded(client):
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    rijen = [r for r in rijen if r["schooljaar"] == "2025-2026"]
    # 25BA is no member of P-DPO: its placement there comes from the programmaleider.
    elders = [r for r in rijen if r["instituut"] != "21PB"]
    rijen = [r for r in rijen if r["instituut"] == "21PB"]
    door = Opdrachtregel()
    assert (
        importeer(
            soort="plaatsingen", inhoud=csv_bytes(elders, kolommen), door=door, dry_run=False
        ).fouten
        == []
    )
    _, tekst = sleutel_voor("21PB")
    # Each road in a savepoint rolled back afterwards: both start from the same state.
    with transaction.atomic():
        r = importeer(
            soort="plaatsingen",
            inhoud=csv_bytes(rijen, kolommen),
            door=door,
            dry_run=False,
        )
        assert r.fouten == []
        telling_bereken(schooljaar=2025)
        via_upload = _toestand()
        transaction.set_rollback(True)
    with transaction.atomic():
        antwoord = _put(client, tekst, [_api_rij(r) for r in rijen])
        assert antwoord.status_code == 200, antwoord.json()
        assert antwoord.json()["aangemaakt"] == 8
        telling_bereken(schooljaar=2025)
        via_api = _toestand()
        transaction.set_rollback(True)
    assert via_api == via_upload
    verwacht = json.loads((VOORBEELDEN / "telling" / "verwacht-2025-2026.json").read_text())
    resultaat = via_api[2]
    for p in resultaat["partnerschappen"]:
        p.pop("waarschuwingen")
    assert resultaat == verwacht
    assert len(via_api[0]) == 16 and len(via_api[1]) == 16


def _voorbeeld_met_dpo_van_21pb(client):
    """The example, its P-DPO placements of 21PB delivered through the API."""
    rijen, kolommen = voorbeeld_zonder_plaatsingen_van("P-DPO")
    elders = [r for r in rijen if r["instituut"] != "21PB"]
    assert (
        importeer(
            soort="plaatsingen",
            inhoud=csv_bytes(elders, kolommen),
            door=Opdrachtregel(),
            dry_run=False,
        ).fouten
        == []
    )
    eigen = [
        _api_rij(r) for r in rijen if r["instituut"] == "21PB" and r["schooljaar"] == "2025-2026"
    ]
    sleutel, tekst = sleutel_voor("21PB")
    assert _put(client, tekst, eigen).status_code == 200
    return sleutel, tekst, eigen


def test_a_replayed_idempotency_key_changes_nothing_and_answers_the_same(db, client):
    sleutel, tekst, eigen = _voorbeeld_met_dpo_van_21pb(client)
    voor = list(Plaatsing.objects.order_by("pk").values_list("pk", "bijgewerkt", "naam"))
    gewijzigd = [{**eigen[0], "naam": "Andere naam"}, *eigen[1:]]
    # The same key and body again: the stored answer, nothing written.
    nogmaals = _put(client, tekst, eigen)
    assert nogmaals.status_code == 200
    assert nogmaals["Idempotent-Replayed"] == "true"
    assert nogmaals.json() == {
        "aangemaakt": 8,
        "bijgewerkt": 0,
        "ongewijzigd": 0,
        "verwijderd": 0,
        "telling": "wordt bijgewerkt",
    }
    # The same key with another body is refused; nothing written either.
    ander = _put(client, tekst, gewijzigd)
    assert ander.status_code == 422
    assert "al gebruikt voor een ander verzoek" in ander.json()["fout"]
    # The same batch under a new key: unchanged rows, nothing written.
    opnieuw = _put(client, tekst, eigen, sleutel="k2")
    assert opnieuw.json() == {
        "aangemaakt": 0,
        "bijgewerkt": 0,
        "ongewijzigd": 8,
        "verwijderd": 0,
        "telling": "ongewijzigd",
    }
    assert list(Plaatsing.objects.order_by("pk").values_list("pk", "bijgewerkt", "naam")) == voor


def test_a_delivery_replaces_only_the_institutes_own_placements(db, client):
    sleutel, tekst, eigen = _voorbeeld_met_dpo_van_21pb(client)
    antwoord = _put(client, tekst, eigen[:2], sleutel="k2")
    assert antwoord.json()["verwijderd"] == 6
    assert set(
        Plaatsing.objects.filter(schooljaar=2025, partnerschap__code="P-DPO").values_list(
            "instituut__code", "studentnummer"
        )
    ) == {("21PB", "1001"), ("21PB", "1002"), ("25BA", "2001")}
    # An empty delivery: the institute has no placements there any more.
    assert _put(client, tekst, [], sleutel="k3").json()["verwijderd"] == 2
    assert list(
        Plaatsing.objects.filter(schooljaar=2025, partnerschap__code="P-DPO").values_list(
            "instituut__code", flat=True
        )
    ) == ["25BA"]


def test_row_errors_answer_422_with_row_and_column_and_nothing_is_written(db, client):
    rijen, _ = voorbeeld_zonder_plaatsingen_van("P-DPO")
    _, tekst = sleutel_voor("21PB")
    voor = Plaatsing.objects.count()
    fout = [
        {**_api_rij(rijen[0]), "startdatum": "31-02-2025"},
        _api_rij(rijen[1]),
        {**_api_rij(rijen[2]), "vestiging": "99ZZ99"},
        {**_api_rij(rijen[3]), "opleidingstype": "kapper"},
    ]
    antwoord = _put(client, tekst, fout)
    assert antwoord.status_code == 422
    assert antwoord.json() == {
        "fout": "De levering bevat fouten; er is niets opgeslagen.",
        "fouten": [
            {
                "rij": 1,
                "kolom": "startdatum",
                "melding": "'31-02-2025' is geen geldige datum (gebruik 2025-09-01 of 01-09-2025)",
            },
            {"rij": 3, "kolom": "vestiging", "melding": "onbekende vestiging '99ZZ99'"},
            {
                "rij": 4,
                "kolom": "opleidingstype",
                "melding": "'kapper' is geen geldige waarde (kies uit: pabo, tweedegraads, "
                "eerstegraads, alo, ulo, zij_instroom, overig)",
            },
        ],
    }
    assert Plaatsing.objects.count() == voor
    # A field the schema does not know, or a missing one: the same shape, in Dutch.
    schema_fout = _put(client, tekst, [{"vestiging": "01AA00", "kleur": "rood"}], sleutel="k2")
    assert schema_fout.status_code == 422
    assert {"rij": 1, "kolom": "kleur", "melding": "is geen veld van deze levering"} in (
        schema_fout.json()["fouten"]
    )
    assert {"rij": 1, "kolom": "studentnummer", "melding": "is verplicht"} in (
        schema_fout.json()["fouten"]
    )


def test_revoked_expired_and_unknown_keys_get_401_and_their_use_is_recorded(db, client):
    _voorbeeld_met_dpo_van_21pb(client)
    sleutel, tekst = sleutel_voor("21PB")
    url = "/api/v1/partnerschappen"
    assert client.get(url, **kop(tekst)).status_code == 200
    api_sleutel_intrekken(sleutel=sleutel, door=Opdrachtregel())
    antwoord = client.get(url, **kop(tekst))
    assert antwoord.status_code == 401
    assert antwoord["WWW-Authenticate"] == "Bearer"
    verlopen, tekst_verlopen = sleutel_voor("21PB")
    verlopen.verloopt_op = timezone.localdate() - timezone.timedelta(days=1)
    verlopen.save()
    assert client.get(url, **kop(tekst_verlopen)).status_code == 401
    assert client.get(url, **kop("rp_onbekend")).status_code == 401
    assert client.get(url).status_code == 401
    assert list(
        ApiGebruik.objects.filter(sleutel__in=[sleutel, verlopen])
        .order_by("moment", "pk")
        .values_list("methode", "pad", "status")
    ) == [("GET", url, 200), ("GET", url, 401), ("GET", url, 401)]


def test_another_institutes_partnership_answers_404(db, client):
    _voorbeeld_met_dpo_van_21pb(client)
    _, tekst_ba = sleutel_voor("25BA")
    # 25BA is a member of P-HOF only: P-DPO (where it has a placement, delivered by the
    # programmaleider) and P-EVO are not its to read or write.
    for p in ("P-DPO", "P-EVO", "BESTAAT-NIET"):
        for wat in ("plaatsingen", "besluiten", "afstemming"):
            assert (
                client.get(PAD.format(p=p, j="2025-2026", wat=wat), **kop(tekst_ba)).status_code
                == 404
            )
        assert _put(client, tekst_ba, [], p=p, sleutel=p).status_code == 404
    assert (
        client.get(PAD.format(p="P-HOF", j="2025", wat="besluiten"), **kop(tekst_ba)).status_code
        == 404
    )
    assert client.get("/api/v1/partnerschappen", **kop(tekst_ba)).json() == [
        {"code": "P-HOF", "naam": "Partnerschap Hofstad"}
    ]


def test_decisions_name_only_where_the_person_counted(db, client):
    _, tekst, _ = _voorbeeld_met_dpo_van_21pb(client)
    telling_bereken(schooljaar=2025)
    antwoord = client.get(PAD.format(p="P-DPO", j="2025-2026", wat="besluiten"), **kop(tekst))
    inhoud = antwoord.json()
    assert inhoud["totaal"] == 8
    assert inhoud["telling"]["regeling"] == "onderwijsregios-2025"
    assert [
        (b["studentnummer"], b["vestiging"], b["uitkomst"], b["reden"], b["geteld_bij"])
        for b in inhoud["besluiten"]
    ] == [
        ("1001", "01AA00", "telt_mee", None, "P-DPO"),
        ("1002", "01AA00", "telt_mee", None, "P-DPO"),
        ("1002", "01AA01", "dubbel", None, "P-DPO"),
        ("1003", "03CC00", "elders_geteld", None, "P-EVO"),
        ("1004", "01AA01", "telt_mee", None, "P-DPO"),
        ("1005", "01AA00", "telt_niet", "type_niet_geteld", None),
        ("1006", "04DD00", "telt_niet", "geen_lid", None),
        ("1007", "01AA00", "telt_mee", None, "P-DPO"),
    ]
    assert inhoud["besluiten"][3]["uitleg"] == "geteld bij een ander partnerschap (P-EVO)"


def test_reconciliation_explains_every_difference(db, client):
    _, tekst, _ = _voorbeeld_met_dpo_van_21pb(client)
    telling_bereken(schooljaar=2025)
    opgave = client.put(
        PAD.format(p="P-DPO", j="2025-2026", wat="opgave"),
        data=json.dumps({"aantal": 9}),
        content_type="application/json",
        **kop(tekst),
    )
    assert opgave.status_code == 200 and opgave.json()["aantal"] == 9
    inhoud = client.get(PAD.format(p="P-DPO", j="2025-2026", wat="afstemming"), **kop(tekst)).json()
    assert (inhoud["opgave"], inhoud["aangeleverd"], inhoud["geteld"], inhoud["verschil"]) == (
        9,
        8,
        4,
        5,
    )
    assert {c["code"]: c["aantal"] for c in inhoud["categorieen"]} == {
        "dubbel": 1,
        "elders": 1,
        "type_niet_geteld": 1,
        "buiten_schooljaar": 0,
        "geen_lid": 1,
        "te_kort": 0,
        "nog_niet_geteld": 0,
        "niet_aangeleverd": 1,
    }
    assert sum(c["aantal"] for c in inhoud["categorieen"]) == inhoud["verschil"]


@override_settings(API_LIMIET="3/m")
def test_a_key_over_its_rate_limit_gets_429(db, client):
    from django.core.cache import cache

    cache.clear()
    InstituutFactory(code="21PB")
    _, tekst = sleutel_voor("21PB")
    statussen = [client.get("/api/v1/partnerschappen", **kop(tekst)).status_code for _ in range(4)]
    assert statussen == [200, 200, 200, 429]


@override_settings(API_MAX_BYTES=1000)
def test_a_request_over_the_size_limit_gets_413_before_it_is_read(db, client):
    InstituutFactory(code="21PB")
    _, tekst = sleutel_voor("21PB")
    rij = {
        "vestiging": "01AA00",
        "studentnummer": "1",
        "opleidingstype": "pabo",
        "startdatum": "2025-09-01",
    }
    antwoord = _put(client, tekst, [rij] * 20)
    assert antwoord.status_code == 413
    assert antwoord.json()["fout"] == "Het verzoek is groter dan 0 MB; lever in delen."


def test_no_personal_data_reaches_the_logs_of_a_delivery(db, client, caplog):
    """A delivery with errors and one without: names, student and person numbers stay out
    of every log line (the key's record holds path and status only)."""
    rijen, _ = voorbeeld_zonder_plaatsingen_van("P-DPO")
    _, tekst = sleutel_voor("21PB")
    eigen = [
        _api_rij(r) for r in rijen if r["instituut"] == "21PB" and r["schooljaar"] == "2025-2026"
    ]
    fout = [{**eigen[0], "vestiging": "99ZZ99"}, *eigen[1:]]
    with caplog.at_level("DEBUG"):
        assert _put(client, tekst, fout, sleutel="f").status_code == 422
        assert _put(client, tekst, eigen, sleutel="g").status_code == 200
    logs = "\n".join(r.getMessage() for r in caplog.records)
    for r in eigen:
        for waarde in (r["naam"], r["persoonsnummer"]):
            if waarde:
                assert waarde not in logs
    assert "111222333" not in logs and "Student" not in logs
    assert set(ApiGebruik.objects.values_list("pad", flat=True)) == {
        "/api/v1/partnerschappen/P-DPO/schooljaren/2025-2026/plaatsingen"
    }


def test_old_idempotency_records_and_uses_are_removed_keys_stay(db, client):
    from datetime import timedelta

    from koppelingen.models import ApiSleutel, Idempotentie
    from koppelingen.services import api_opruimen

    sleutel, tekst, eigen = _voorbeeld_met_dpo_van_21pb(client)
    assert (Idempotentie.objects.count(), ApiGebruik.objects.count()) == (1, 1)
    nu = timezone.now()
    assert api_opruimen(nu=nu + timedelta(days=29)) == {"idempotentie": 0, "gebruik": 0}
    assert api_opruimen(nu=nu + timedelta(days=31)) == {"idempotentie": 1, "gebruik": 0}
    assert api_opruimen(nu=nu + timedelta(days=731)) == {"idempotentie": 0, "gebruik": 1}
    assert ApiSleutel.objects.filter(pk=sleutel.pk).exists()
