"""Every Django-admin list page and change page of every registered model answers 200
for a beheerder (issue 16, fault 1: change pages of models with a private file field
gave a 500, "This file is not accessible via a URL", because media are never served by
URL)."""

from __future__ import annotations

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from tests.test_access_matrix import (
    _importbestand_pl_a,
    _kwaliteit_a,
    _peer_review_a,
    _review_a,
    _verantwoording_a,
)

# The registered models with a private file field (bewijsstukken and review reports
# are not in the admin).
MET_BESTAND = {"subsidie.verantwoording", "partnerschappen.overeenkomst", "core.importbestand"}


def test_every_admin_list_and_change_page_answers_200(client_als, wereld):
    verantwoording = _verantwoording_a(wereld)
    _importbestand_pl_a(wereld)
    _kwaliteit_a(wereld)
    _peer_review_a(wereld)
    _review_a(wereld)
    client = client_als("beheerder")
    bekeken, met_object, fouten = [], set(), []
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        lijst = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        antwoord = client.get(lijst)
        if antwoord.status_code != 200:
            fouten.append((lijst, antwoord.status_code))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            wijzig = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            antwoord = client.get(wijzig)
            if antwoord.status_code != 200:
                fouten.append((wijzig, antwoord.status_code))
            met_object.add(meta.label_lower)
        bekeken.append(meta.label_lower)
    assert fouten == []
    # The models with a private file had an object (with a file) to show.
    assert MET_BESTAND <= met_object
    assert {
        m._meta.label_lower
        for m in admin.site._registry
        if any(f.get_internal_type() == "FileField" for f in m._meta.fields)
    } == MET_BESTAND
    assert len(bekeken) == len(admin.site._registry) == 20
    # The file as its name and size, no link (media have no URL).
    html = client.get(
        reverse("admin:subsidie_verantwoording_change", args=[verantwoording.pk])
    ).content.decode()
    naam = verantwoording.pdf.name
    verwacht = f"{naam} ({filesizeformat(verantwoording.pdf.size)}); te downloaden in de portal"
    assert verwacht.replace("\xa0", " ") in html.replace("\xa0", " ")
    assert f'href="{naam}' not in html
