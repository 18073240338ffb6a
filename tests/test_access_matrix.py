"""The access matrix: every named URL x every role x GET/POST against one table.

A URL of ours (the project's own namespaces) missing from the table fails the suite.
Third-party URLs (allauth, the Django admin, i18n) are listed where we rely on them.
Statuses: 200 page, 302 redirect (login for anonymous, or after a successful POST),
403 visible but not allowed, 404 not yours or not there, 405 method not allowed.
POSTs send an empty form: allowed write views answer 200 with the form errors;
delete and confirm views act and redirect (302).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from regio_portal.core.importbestanden import importbestand_controleer
from tests.conftest import ROLLEN

# Objects the kwargs refer to, built from the `wereld` fixture.
KWARGS = {
    "A": lambda w: {"code": w.partnerschap_a.code},
    "A_lid": lambda w: {"code": w.partnerschap_a.code, "pk": w.lid_a.pk},
    "A_contact": lambda w: {"code": w.partnerschap_a.code, "pk": w.contact_a.pk},
    "A_overeenkomst": lambda w: {"code": w.partnerschap_a.code, "pk": w.overeenkomst_a.pk},
    "regio_A": lambda w: {"code": w.regio_a.code},
    "bestuur_A": lambda w: {"nummer": w.bestuur_a.nummer},
    "rol_pl_b": lambda w: {"pk": w.rol_pl_b.pk},
    "import_pl_a": lambda w: {"pk": _importbestand_pl_a(w).pk},
    "sjabloon": lambda w: {"soort": "plaatsingen", "formaat": "xlsx"},
    "A_plaatsing": lambda w: {"code": w.partnerschap_a.code, "pk": w.plaatsing_a.pk},
    "A_jaar": lambda w: {"code": w.partnerschap_a.code, "jaar": w.plaatsing_a.schooljaar},
    "regeling": lambda w: {"code": "onderwijsregios-2025"},
    "verantwoording_A": lambda w: {"uuid": _verantwoording_a(w).uuid},
    "verantwoording_A_pdf": lambda w: {"uuid": _verantwoording_a(w).uuid, "formaat": "pdf"},
    "A_zelfevaluatie": lambda w: {"code": "P-A", "jaar": _kwaliteit_a(w)["z"].jaar},
    "A_bewijs": lambda w: {"uuid": _kwaliteit_a(w)["bewijs"].uuid},
    "A_ontwikkelpunt": lambda w: {"code": "P-A", "pk": _kwaliteit_a(w)["punt"].pk},
    "kader": lambda w: {"pk": _kwaliteit_a(w)["kader"].pk},
    "cyclus_A": lambda w: {"pk": _peer_review_a(w)["cyclus"].pk},
    "voorstel_A": lambda w: {"pk": _peer_review_a(w)["voorstel"].pk},
    "review_A": lambda w: {"pk": _review_a(w)["review"].pk},
    "review_A_bewijs": lambda w: {
        "pk": _review_a(w)["review"].pk,
        "uuid": _review_a(w)["bewijs"].uuid,
    },
    "hulp_telling": lambda w: {"onderwerp": "telling"},
    "api_A": lambda w: {"code": w.partnerschap_a.code, "schooljaar": "2025-2026"},
    "sleutel_A": lambda w: {"pk": _sleutel_a(w).pk},
    "open_A": lambda w: {"schooljaar": _open_a(w), "formaat": "csv"},
    "bijeenkomst_A": lambda w: {"pk": _bijeenkomst_a(w).pk},
    "bestuur_in_regio_A": lambda w: {"code": w.regio_a.code, "nummer": w.bestuur_a.nummer},
    "onderwerp_regio_A": lambda w: {"code": w.regio_a.code, "pk": _onderwerp_a(w).pk},
    "onderwerp_A": lambda w: {"code": w.partnerschap_a.code, "pk": _onderwerp_a(w).pk},
    "onderwerp_A_document": lambda w: {"code": w.partnerschap_a.code, "pk": _document_a(w).pk},
    "bijeenkomst_A_publiek": lambda w: {"sleutel": _bijeenkomst_a(w).sleutel},
    "bijeenkomst_A_bevestigen": lambda w: {"teken": _teken_a(w, "bevestigen")},
    "bijeenkomst_A_annuleren": lambda w: {"teken": _teken_a(w, "annuleren")},
    "principes": lambda w: {"pk": _principes(w).pk},
    "route_A": lambda w: {"pk": _route_a(w).pk},
    "route_A_ambitie": lambda w: {"pk": _route_a(w).pk, "sub": w._ambitie.pk},
    "route_A_optie": lambda w: {"pk": _route_a(w).pk, "sub": w._optie.pk},
    "route_A_actie": lambda w: {"pk": _route_a(w).pk, "sub": w._actie.pk},
    "route_A_verwijderen": lambda w: {"pk": _route_a(w).pk, "soort": "acties", "sub": w._actie.pk},
    "vrijgave_A": lambda w: {"code": w.regio_a.code, "schooljaar": "2025-2026"},
    None: lambda w: {},
}

# Shorthands for rows that repeat (order: ROLLEN).
#             anon  pl_a pl_b kmR  kmE  best peer behe
LIJST = (302, 200, 200, 200, 200, 200, 200, 200)
GEEN = (302, 405, 405, 405, 405, 405, 405, 405)
A_LEZEN = (302, 200, 404, 200, 404, 200, 404, 200)
A_BEWERKEN = (302, 200, 404, 403, 404, 403, 404, 200)
A_VERWIJDEREN = (302, 302, 404, 403, 404, 403, 404, 302)
BEHEER = (302, 403, 403, 403, 403, 403, 403, 200)
A_BEHEER_POST = (302, 403, 403, 403, 403, 403, 403, 302)
ROUTE_KM = (302, 403, 404, 200, 404, 403, 404, 200)

MATRIX = {
    # name: (kwargs key, GET, POST)
    # A kwartiermaker of exactly one region lands on that region's dashboard.
    "start": (None, (302, 200, 200, 302, 302, 200, 200, 200), GEEN),
    "dashboard:regio": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "core:inzage": (None, BEHEER, GEEN),
    "partnerschappen:lijst": (None, LIJST, GEEN),
    "partnerschappen:detail": ("A", A_LEZEN, GEEN),
    "partnerschappen:bewerken": ("A", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:uitnodigen": ("A", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:lid_toevoegen": ("A", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:lid_bewerken": ("A_lid", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:lid_verwijderen": ("A_lid", A_BEWERKEN, A_VERWIJDEREN),
    "partnerschappen:contact_toevoegen": ("A", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:contact_bewerken": ("A_contact", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:contact_verwijderen": ("A_contact", A_BEWERKEN, A_VERWIJDEREN),
    "partnerschappen:overeenkomst_toevoegen": ("A", A_BEWERKEN, A_BEWERKEN),
    "partnerschappen:overeenkomst_download": ("A_overeenkomst", A_LEZEN, GEEN),
    "partnerschappen:overeenkomst_verwijderen": ("A_overeenkomst", A_BEWERKEN, A_VERWIJDEREN),
    "partnerschappen:regio_lijst": (None, LIJST, GEEN),
    "partnerschappen:regio_detail": (
        "regio_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        GEEN,
    ),
    "partnerschappen:bestuur_lijst": (None, LIJST, GEEN),
    "partnerschappen:bestuur_detail": (
        "bestuur_A",
        (302, 404, 404, 404, 404, 200, 404, 200),
        GEEN,
    ),
    "partnerschappen:vestiging_lijst": (None, LIJST, GEEN),
    "partnerschappen:gebruiker_lijst": (None, BEHEER, GEEN),
    "partnerschappen:gebruiker_uitnodigen": (None, BEHEER, BEHEER),
    "partnerschappen:rol_intrekken": (
        "rol_pl_b",
        BEHEER,
        (302, 403, 403, 403, 403, 403, 403, 302),
    ),
    "core:import_start": (
        None,
        (302, 200, 200, 403, 403, 403, 403, 200),
        (302, 200, 200, 403, 403, 403, 403, 200),
    ),
    "core:import_detail": (
        "import_pl_a",
        (302, 200, 404, 404, 404, 404, 404, 200),
        GEEN,
    ),
    # Only the kinds the user may import have a template; others answer 404.
    "core:import_sjabloon": ("sjabloon", (302, 200, 200, 404, 404, 404, 404, 200), GEEN),
    "core:import_bevestig": (
        "import_pl_a",
        GEEN,
        (302, 302, 404, 404, 404, 404, 404, 302),
    ),
    "core:audit": (None, BEHEER, GEEN),
    # The load balancer's health check: public on purpose, GET only, no personal data.
    "core:gezondheid": (None, (200,) * 8, (405,) * 8),
    # API keys: programmaleiders (for the institutes in their partnerships) and beheerders.
    # The key of 21PB (member of A) is A's programmaleider's to see, not B's.
    "koppelingen:sleutels": (None, (302, 200, 200, 403, 403, 403, 403, 200), GEEN),
    "koppelingen:sleutel_nieuw": (
        None,
        (302, 200, 200, 403, 403, 403, 403, 200),
        (302, 200, 200, 403, 403, 403, 403, 200),
    ),
    "koppelingen:sleutel_detail": ("sleutel_A", (302, 200, 404, 404, 404, 404, 404, 200), GEEN),
    "koppelingen:sleutel_intrekken": (
        "sleutel_A",
        (302, 200, 404, 404, 404, 404, 404, 200),
        (302, 302, 404, 404, 404, 404, 404, 302),
    ),
    # The API answers to a key only (tests/koppelingen/test_api_toegang.py has its own
    # matrix of keys); a browser session, logged in or not, is 401. The OpenAPI document
    # is public (it holds no data); the API has no root page.
    # What-if counts: kwartiermakers (their regions' rows) and beheerders.
    "subsidie:wat_als": (None, (302, 403, 403, 200, 200, 403, 403, 200), GEEN),
    # Open figures: public (final counts only, small cells suppressed); releasing is the
    # beheerder's.
    "subsidie:open_cijfers": (None, (200,) * 8, (405,) * 8),
    "subsidie:open_cijfers_download": ("open_A", (200,) * 8, (405,) * 8),
    "subsidie:open_cijfers_beheer": (None, BEHEER, GEEN),
    "subsidie:open_cijfers_vrijgeven": (
        "vrijgave_A",
        BEHEER,
        (302, 403, 403, 403, 403, 403, 403, 302),
    ),
    # Regional meetings: kwartiermakers and programmaleiders of the region (and beheerders)
    # see and organise them; registrants' data only for the organiser (km_regio), the
    # region's kwartiermaker and beheerders. A meeting of region A is 404 elsewhere.
    "samenwerking:bijeenkomsten": (None, (302, 200, 200, 200, 200, 403, 403, 200), GEEN),
    "samenwerking:bijeenkomst_nieuw": (
        None,
        (302, 200, 200, 200, 200, 403, 403, 200),
        (302, 200, 200, 200, 200, 403, 403, 200),
    ),
    "samenwerking:bijeenkomst": ("bijeenkomst_A", (302, 200, 404, 200, 404, 404, 404, 200), GEEN),
    "samenwerking:bijeenkomst_bewerken": (
        "bijeenkomst_A",
        (302, 403, 404, 200, 404, 404, 404, 200),
        (302, 403, 404, 200, 404, 404, 404, 200),
    ),
    # Calling off: the form with the reason is the confirmation (an empty POST: errors).
    "samenwerking:bijeenkomst_afzeggen": (
        "bijeenkomst_A",
        (302, 403, 404, 200, 404, 404, 404, 200),
        (302, 403, 404, 200, 404, 404, 404, 200),
    ),
    "samenwerking:bijeenkomst_aanmelden": (
        "bijeenkomst_A",
        (302, 405, 405, 405, 405, 405, 405, 405),
        (302, 302, 404, 302, 404, 404, 404, 302),
    ),
    # Attendance only from the meeting's start (a meeting of the future: the form shows
    # the error on POST).
    "samenwerking:bijeenkomst_aanwezigheid": (
        "bijeenkomst_A",
        (302, 403, 404, 200, 404, 404, 404, 200),
        (302, 403, 404, 200, 404, 404, 404, 200),
    ),
    # Towards 100%: the region's schools not in a partnership, and contact notes per board.
    "samenwerking:nog_niet_in": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "samenwerking:notitie_toevoegen": (
        "bestuur_in_regio_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    # Agreements compared: the region's kwartiermaker defines topics and agreements, a
    # programmaleider records the partnership's practice.
    "samenwerking:afspraken": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "samenwerking:onderwerp_nieuw": (
        "regio_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    "samenwerking:regionale_afspraak": (
        "onderwerp_regio_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    "samenwerking:partnerschap_afspraken": ("A", A_BEWERKEN, GEEN),
    "samenwerking:praktijk_bewerken": ("onderwerp_A", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:praktijk_document": ("onderwerp_A_document", A_LEZEN, GEEN),
    # Ontwerpprincipes: versions for the beheerder, the current one for everyone; routes:
    # who sees partnership A reads its route, who may change A edits it (the actions
    # also after submission), the region's kwartiermaker comments and reopens.
    "samenwerking:principes": (None, LIJST, GEEN),
    "samenwerking:principes_versies": (None, BEHEER, BEHEER),
    "samenwerking:principes_versie": ("principes", BEHEER, GEEN),
    "samenwerking:principes_export": ("principes", BEHEER, GEEN),
    "samenwerking:principes_publiceren": ("principes", GEEN, A_BEHEER_POST),
    "samenwerking:principes_nieuwe_versie": ("principes", GEEN, A_BEHEER_POST),
    "samenwerking:partnerschap_routes": ("A", A_LEZEN, A_BEWERKEN),
    "samenwerking:regio_routes": (
        "regio_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    "samenwerking:route": ("route_A", A_LEZEN, GEEN),
    "samenwerking:route_pdf": ("route_A", A_LEZEN, GEEN),
    "samenwerking:route_excel": ("route_A", A_LEZEN, GEEN),
    "samenwerking:ambitie_nieuw": ("route_A", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:ambitie": ("route_A_ambitie", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:analyse": ("route_A", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:optie_nieuw": ("route_A", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:optie": ("route_A_optie", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:optie_kiezen": ("route_A_optie", GEEN, A_VERWIJDEREN),
    "samenwerking:actie_nieuw": ("route_A", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:actie": ("route_A_actie", A_BEWERKEN, A_BEWERKEN),
    "samenwerking:onderdeel_verwijderen": ("route_A_verwijderen", A_BEWERKEN, A_VERWIJDEREN),
    "samenwerking:route_indienen": ("route_A", A_BEWERKEN, A_VERWIJDEREN),
    "samenwerking:route_opmerking": ("route_A", ROUTE_KM, ROUTE_KM),
    "samenwerking:route_heropenen": ("route_A", ROUTE_KM, ROUTE_KM),
    # Public: the meeting's page, its .ics and the mails' links (tests/samenwerking has
    # the wrong and expired tokens). An empty POST on the public page shows the errors.
    "samenwerking:publiek": ("bijeenkomst_A_publiek", (200,) * 8, (200,) * 8),
    "samenwerking:publiek_ics": ("bijeenkomst_A_publiek", (200,) * 8, (405,) * 8),
    "samenwerking:bevestigen": ("bijeenkomst_A_bevestigen", (200,) * 8, (200,) * 8),
    "samenwerking:annuleren": ("bijeenkomst_A_annuleren", (200,) * 8, (200,) * 8),
    "api:openapi-json": (None, (200,) * 8, (200,) * 8),
    "api:api-root": (None, (404,) * 8, (404,) * 8),
    "api:partnerschappen": (None, (401,) * 8, (405,) * 8),
    "api:plaatsingen": ("api_A", (401,) * 8, (405,) * 8),
    "api:plaatsingen_leveren": ("api_A", (401,) * 8, (405,) * 8),
    "api:besluiten": ("api_A", (401,) * 8, (405,) * 8),
    "api:opgave_leveren": ("api_A", (405,) * 8, (405,) * 8),
    "api:afstemming": ("api_A", (401,) * 8, (405,) * 8),
    # The statements and help pages are open to everyone (core.toegang.openbaar).
    "core:privacy": (None, (200,) * 8, (405,) * 8),
    "core:toegankelijkheid": (None, (200,) * 8, (405,) * 8),
    "core:contact": (None, (200,) * 8, (405,) * 8),
    "core:hulp": (None, (200,) * 8, (405,) * 8),
    "core:hulp_onderwerp": ("hulp_telling", (200,) * 8, (405,) * 8),
    "subsidie:partnerschap_telling": ("A", A_LEZEN, GEEN),
    "subsidie:plaatsingen": ("A", A_BEWERKEN, GEEN),
    "subsidie:plaatsing_toevoegen": ("A", A_BEWERKEN, A_BEWERKEN),
    # The placement form's server-side vestiging search (htmx): the partnership's own.
    "subsidie:plaatsing_vestigingen": ("A", A_BEWERKEN, GEEN),
    "subsidie:plaatsing_bewerken": ("A_plaatsing", A_BEWERKEN, A_BEWERKEN),
    "subsidie:plaatsing_verwijderen": ("A_plaatsing", A_BEWERKEN, A_VERWIJDEREN),
    "subsidie:plaatsingen_verwijderen": ("A_jaar", A_BEWERKEN, A_VERWIJDEREN),
    "subsidie:regio_telling": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    # Reconciliation with the institutes: counts only, for who sees the partnership or region.
    "subsidie:afstemming_partnerschap": ("A", A_LEZEN, GEEN),
    "subsidie:afstemming_regio": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "subsidie:landelijk": (None, BEHEER, (302, 403, 403, 403, 403, 403, 403, 302)),
    "subsidie:regelingen": (None, BEHEER, GEEN),
    "subsidie:regeling_bewerken": ("regeling", BEHEER, BEHEER),
    "subsidie:verantwoording_partnerschap": (
        "A",
        A_LEZEN,
        (302, 302, 404, 302, 404, 302, 404, 302),
    ),
    "subsidie:verantwoording_regio": (
        "regio_A",
        (302, 404, 404, 200, 404, 200, 404, 200),
        (302, 404, 404, 302, 404, 302, 404, 302),
    ),
    "subsidie:verantwoording_download": ("verantwoording_A_pdf", A_LEZEN, GEEN),
    # Only bestuurders (and beheerders) adopt; who sees the report but may not adopt: 403.
    "subsidie:verantwoording_vaststellen": (
        "verantwoording_A",
        (302, 403, 404, 403, 404, 200, 404, 200),
        (302, 403, 404, 403, 404, 302, 404, 302),
    ),
    "kwaliteit:overzicht": ("A", A_LEZEN, (302, 302, 404, 403, 404, 403, 404, 302)),
    "kwaliteit:zelfevaluatie": ("A_zelfevaluatie", A_LEZEN, A_BEWERKEN),
    "kwaliteit:indienen": ("A_zelfevaluatie", A_BEWERKEN, (302, 302, 404, 403, 404, 403, 404, 302)),
    # Reopening is for the region's kwartiermaker and the beheerder.
    "kwaliteit:heropenen": (
        "A_zelfevaluatie",
        (302, 403, 404, 200, 404, 403, 404, 200),
        (302, 403, 404, 200, 404, 403, 404, 200),
    ),
    "kwaliteit:pdf": ("A_zelfevaluatie", A_LEZEN, GEEN),
    "kwaliteit:bewijs_toevoegen": ("A_zelfevaluatie", A_BEWERKEN, A_BEWERKEN),
    "kwaliteit:bewijs_download": ("A_bewijs", A_LEZEN, GEEN),
    "kwaliteit:bewijs_verwijderen": ("A_bewijs", A_BEWERKEN, A_VERWIJDEREN),
    "kwaliteit:ontwikkelpunt_toevoegen": ("A", A_BEWERKEN, A_BEWERKEN),
    "kwaliteit:ontwikkelpunt_bewerken": ("A_ontwikkelpunt", A_BEWERKEN, A_BEWERKEN),
    "kwaliteit:regio": ("regio_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "kwaliteit:kaders": (None, BEHEER, BEHEER),
    "kwaliteit:kader": ("kader", BEHEER, GEEN),
    "kwaliteit:kader_export": ("kader", BEHEER, GEEN),
    "kwaliteit:kader_publiceren": ("kader", GEEN, (302, 403, 403, 403, 403, 403, 403, 302)),
    "kwaliteit:kader_nieuwe_versie": ("kader", GEEN, (302, 403, 403, 403, 403, 403, 403, 302)),
    # Peer review: coordinators are the region's kwartiermaker and the beheerder.
    "peer_review:cycli": (
        None,
        (302, 403, 403, 200, 200, 403, 403, 200),
        (302, 403, 403, 200, 200, 403, 403, 200),
    ),
    "peer_review:cyclus": ("cyclus_A", (302, 404, 404, 200, 404, 404, 404, 200), GEEN),
    "peer_review:voorstellen": ("cyclus_A", GEEN, (302, 404, 404, 302, 404, 404, 404, 302)),
    "peer_review:paarregel": ("cyclus_A", GEEN, (302, 404, 404, 302, 404, 404, 404, 302)),
    "peer_review:cyclus_bewerken": (
        "cyclus_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 200, 404, 404, 404, 200),
    ),
    # GET: the confirmation stating what stays unfilled; POST approves.
    "peer_review:goedkeuren": (
        "voorstel_A",
        (302, 404, 404, 200, 404, 404, 404, 200),
        (302, 404, 404, 302, 404, 404, 404, 302),
    ),
    # A review of A visited by B while it runs: pl_b's partnership visits, `peer` sits on
    # the panel (tests/peer_review/test_review.py covers before approval and after the
    # verslag is final).
    "peer_review:review": ("review_A", (302, 200, 200, 200, 404, 200, 200, 200), GEEN),
    "peer_review:voorbereiden": (
        "review_A",
        (302, 200, 403, 403, 404, 403, 403, 200),
        (302, 200, 403, 403, 404, 403, 403, 200),
    ),
    "peer_review:ics": ("review_A", (302, 200, 200, 200, 404, 200, 200, 200), GEEN),
    "peer_review:panellid": (
        "review_A",
        (302, 403, 200, 200, 404, 403, 403, 200),
        (302, 403, 200, 200, 404, 403, 403, 200),
    ),
    "peer_review:verslag_uploaden": (
        "review_A",
        (302, 403, 403, 403, 404, 403, 200, 403),
        (302, 403, 403, 403, 404, 403, 200, 403),
    ),
    "peer_review:verslag_download": ("review_A", (302, 200, 200, 200, 404, 200, 200, 200), GEEN),
    "peer_review:stap": ("review_A", GEEN, (302, 403, 403, 403, 404, 403, 403, 403)),
    # The reflection's evidence: the receiving side, coordinator and active panel only.
    "peer_review:bewijs": ("review_A_bewijs", (302, 200, 404, 200, 404, 200, 200, 200), GEEN),
    # Third-party pages we rely on.
    "account_login": (
        None,
        (200, 302, 302, 302, 302, 302, 302, 302),
        (200, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_logout": (
        None,
        (302, 200, 200, 200, 200, 200, 200, 200),
        (302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "account_reset_password": (None, (200,) * 8, (200,) * 8),
    # Sign-up is closed (invitation only): anonymous users see the "closed" page.
    "account_signup": (
        None,
        (200, 302, 302, 302, 302, 302, 302, 302),
        (200, 302, 302, 302, 302, 302, 302, 302),
    ),
    "mfa_index": (None, LIJST, GEEN),
    # Setting up MFA (the matrix clients have just reauthenticated; without that it asks
    # for the password first: test_herauthenticatie) or already done (kwartiermakers,
    # bestuurder and beheerder have TOTP in this world).
    "mfa_activate_totp": (
        None,
        (302, 200, 200, 302, 302, 302, 200, 302),
        (302, 200, 200, 302, 302, 302, 200, 302),
    ),
    "admin:index": (
        None,
        (302, 302, 302, 302, 302, 302, 302, 200),
        (302, 302, 302, 302, 302, 302, 302, 200),
    ),
    # The admin's own login form is replaced by allauth's (secure_admin_login): anonymous
    # users go to the portal login, non-staff get 403, the (logged-in) beheerder goes on
    # to the admin (a POST there only re-shows the admin's form; it cannot log anyone in).
    "admin:login": (
        None,
        (302, 403, 403, 403, 403, 403, 403, 302),
        (302, 403, 403, 403, 403, 403, 403, 200),
    ),
    "set_language": (None, (302,) * 8, (302,) * 8),
}

# Public URLs that answer a file, not a page and not a private download: the health
# check, the OpenAPI document, the open figures and a meeting's .ics.
OPENBARE_BESTANDEN = {
    "core:gezondheid",
    "api:openapi-json",
    "subsidie:open_cijfers_download",
    "samenwerking:publiek_ics",
}

EIGEN_NAMESPACES = {
    "core",
    "partnerschappen",
    "subsidie",
    "kwaliteit",
    "peer_review",
    "dashboard",
    "koppelingen",
    "api",
    "samenwerking",
}
EIGEN_NAMEN_ZONDER_NAMESPACE = {"start"}


def _importbestand_pl_a(w):
    inhoud = b"partnerschap,soort,code,startdatum\nP-A,vestiging,02BB00,2025-08-01\n"
    return importbestand_controleer(
        soort="lidmaatschappen",
        inhoud=inhoud,
        bestandsnaam="leden.csv",
        door=w.gebruikers["pl_a"],
    )


def _verantwoording_a(w):
    from subsidie.services import verantwoording_aanvragen, verantwoording_maak

    # The rendering task runs after commit, which never comes inside a test transaction.
    verantwoording = verantwoording_aanvragen(
        schooljaar=2025, door=None, partnerschap=w.partnerschap_a
    )
    verantwoording_maak(verantwoording=verantwoording)
    return verantwoording


def _bijeenkomst_a(w):
    """A meeting of region A organised by A's kwartiermaker, with one registration of
    someone without an account (not yet confirmed)."""
    from django.utils import timezone

    from regio_portal.samenwerking.models import Aanmelding, Bijeenkomst
    from regio_portal.samenwerking.services import bijeenkomst_opslaan

    if not hasattr(w, "_bijeenkomst"):
        begin = timezone.now() + dt.timedelta(days=10)
        w._bijeenkomst = bijeenkomst_opslaan(
            bijeenkomst=Bijeenkomst(
                regio=w.regio_a,
                titel="Intervisie",
                thema="intervisie",
                begin=begin,
                eind=begin + dt.timedelta(hours=2),
                locatie="Utrecht",
                capaciteit=20,
            ),
            door=w.gebruikers["km_regio"],
        )
        w._aanmelding = Aanmelding.objects.create(
            bijeenkomst=w._bijeenkomst,
            naam="Anna",
            email="anna@school.example",
            vestiging=w.vestiging_a,
            status="onbevestigd",
        )
    return w._bijeenkomst


def _onderwerp_a(w):
    from regio_portal.samenwerking.models import AfspraakOnderwerp

    if not hasattr(w, "_onderwerp"):
        w._onderwerp = AfspraakOnderwerp.objects.create(
            regio=w.regio_a, titel="Stagevergoeding", soort="bedrag"
        )
    return w._onderwerp


def _principes(w):
    from regio_portal.samenwerking.selectors import huidige_principes

    return huidige_principes()


def _route_a(w):
    """Partnership A's route 2026-2029 with an ambition, an option and an action."""
    from regio_portal.samenwerking import services
    from regio_portal.samenwerking.models import Actie, Ambitie, Optie

    if not hasattr(w, "_route"):
        w._route = services.route_aanmaken(
            partnerschap=w.partnerschap_a, begin_jaar=2026, eind_jaar=2029, door=None
        )
        w._ambitie = services.ambitie_opslaan(
            ambitie=Ambitie(route=w._route, tekst="Inductie voor iedereen"),
            principes=[w._route.principes.principes.get(nummer=4)],
            door=None,
        )
        w._optie = services.optie_opslaan(optie=Optie(route=w._route, titel="Samen"), door=None)
        w._actie = services.actie_opslaan(
            actie=Actie(
                route=w._route, wat="Werkgroep", eigenaar="PL", deadline=dt.date(2027, 1, 1)
            ),
            door=None,
        )
    return w._route


def _document_a(w):
    """A text topic of region A whose practice in A is a document; the topic."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from regio_portal.samenwerking import services
    from regio_portal.samenwerking.models import AfspraakOnderwerp

    onderwerp = AfspraakOnderwerp.objects.create(regio=w.regio_a, titel="Format", soort="tekst")
    services.praktijk_opslaan(
        onderwerp=onderwerp,
        partnerschap=w.partnerschap_a,
        bedrag=None,
        tekst="",
        document=SimpleUploadedFile("f.pdf", b"%PDF-1.4\n%%EOF\n"),
        door=None,
    )
    return onderwerp


def _teken_a(w, soort):
    from regio_portal.samenwerking import services

    _bijeenkomst_a(w)
    zout = services.BEVESTIG_ZOUT if soort == "bevestigen" else services.ANNULEER_ZOUT
    return services.teken(w._aanmelding, zout)


def _open_a(w):
    """Region A's count of 2025-2026 released for the open figures; its school year."""
    from regio_portal.core.services import Opdrachtregel
    from subsidie.services import open_cijfers_vrijgeven, telling_bereken

    telling_bereken(schooljaar=2025)
    open_cijfers_vrijgeven(regio=w.regio_a, schooljaar=2025, door=Opdrachtregel())
    return "2025-2026"


def _sleutel_a(w):
    from koppelingen.services import api_sleutel_uitgeven
    from partnerschappen.models import Instituut

    if not hasattr(w, "_sleutel"):
        w._sleutel, _tekst = api_sleutel_uitgeven(
            instituut=Instituut.objects.get(code="21PB"),
            naam="systeem",
            verloopt_op=dt.date.today() + dt.timedelta(days=30),
            door=w.gebruikers["beheerder"],
        )
    return w._sleutel


def _kwaliteit_a(w):
    from tests.kwaliteit.conftest import kwaliteit_voor

    if not hasattr(w, "_kwaliteit"):
        w._kwaliteit = kwaliteit_voor(w)
    return w._kwaliteit


def _peer_review_a(w):
    import datetime as dt

    from peer_review import services as pr
    from regio_portal.core.services import Opdrachtregel

    if not hasattr(w, "_peer_review"):
        cyclus = pr.cyclus_aanmaken(
            door=Opdrachtregel(),
            naam="OPR 2026-2029",
            regio=w.regio_a,
            begin=dt.date(2026, 1, 1),
            deadline=dt.date(2029, 12, 31),
        )
        voorstel = pr.voorstel_aanvragen(cyclus=cyclus, door=Opdrachtregel())
        pr.voorstel_bereken(voorstel=voorstel)
        w._peer_review = {"cyclus": cyclus, "voorstel": voorstel}
    return w._peer_review


def _review_a(w):
    if not hasattr(w, "_review"):
        from tests.peer_review.test_review import review_voor

        w._review = review_voor(w)
    return w._review


def _eigen_url_namen() -> set[str]:
    namen: set[str] = set()

    def loop(patronen, namespace):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                ns = patroon.namespace or namespace
                loop(patroon.url_patterns, ns)
            elif isinstance(patroon, URLPattern) and patroon.name:
                if namespace in EIGEN_NAMESPACES:
                    namen.add(f"{namespace}:{patroon.name}")
                elif namespace is None and patroon.name in EIGEN_NAMEN_ZONDER_NAMESPACE:
                    namen.add(patroon.name)

    loop(get_resolver().url_patterns, None)
    return namen


def zichtbare_urls(wereld):
    """(naam, rol, url) for every URL of the matrix that answers GET with 200 to some
    role, with the first such role (pages, downloads, /gezondheid)."""
    for naam, (sleutel, get_verwacht, _post) in MATRIX.items():
        if 200 in get_verwacht:
            rol = ROLLEN[get_verwacht.index(200)]
            yield naam, rol, reverse(naam, kwargs=KWARGS[sleutel](wereld))


def test_access_matrix_covers_every_url_of_ours():
    ontbrekend = _eigen_url_namen() - set(MATRIX)
    assert ontbrekend == set(), f"URL's zonder rij in de toegangsmatrix: {sorted(ontbrekend)}"


GEVALLEN = [
    pytest.param(naam, methode, rol, id=f"{naam}-{methode}-{rol}")
    for naam in MATRIX
    for methode in ("GET", "POST")
    for rol in ROLLEN
]


@pytest.mark.parametrize(("naam", "methode", "rol"), GEVALLEN)
def test_access_matrix(naam, methode, rol, client_als, wereld):
    kwargs_sleutel, get_verwacht, post_verwacht = MATRIX[naam]
    verwacht = (get_verwacht if methode == "GET" else post_verwacht)[ROLLEN.index(rol)]
    url = reverse(naam, kwargs=KWARGS[kwargs_sleutel](wereld))
    client = client_als(rol)
    antwoord = client.get(url) if methode == "GET" else client.post(url, {})
    assert antwoord.status_code == verwacht, (
        f"{methode} {url} als {rol}: {antwoord.status_code}, verwacht {verwacht}"
    )
    if verwacht == 302 and rol == "anoniem" and naam not in ("account_logout", "set_language"):
        assert antwoord["Location"].startswith("/accounts/login/") or naam.startswith("admin:")


PAGINAS_VAN_B = [
    ("partnerschappen:detail", {}),
    ("partnerschappen:bewerken", {}),
    ("partnerschappen:uitnodigen", {}),
    ("partnerschappen:lid_toevoegen", {}),
    ("partnerschappen:contact_toevoegen", {}),
    ("partnerschappen:overeenkomst_toevoegen", {}),
    ("subsidie:plaatsingen", {}),
    ("subsidie:plaatsing_toevoegen", {}),
    ("kwaliteit:overzicht", {}),
    ("kwaliteit:ontwikkelpunt_toevoegen", {}),
]


@pytest.mark.parametrize("naam", [n for n, _ in PAGINAS_VAN_B])
def test_programmaleider_a_gets_404_on_every_page_of_b(naam, client_als, wereld):
    client = client_als("pl_a")
    url = reverse(naam, kwargs={"code": wereld.partnerschap_b.code})
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code in (404, 405)


def test_programmaleider_a_gets_404_on_b_objects_through_a_url(client_als, wereld):
    """An object of B addressed under A's code is not found either."""
    lid_b = wereld.partnerschap_b.lidmaatschappen.get()
    client = client_als("pl_a")
    url = reverse(
        "partnerschappen:lid_bewerken", kwargs={"code": wereld.partnerschap_a.code, "pk": lid_b.pk}
    )
    assert client.get(url).status_code == 404
    assert client.post(url, {"startdatum": "2020-08-01"}).status_code == 404
    lid_b.refresh_from_db()
    assert lid_b.einddatum is None


def test_unknown_partnerschap_answers_404_like_someone_elses(client_als):
    client = client_als("pl_a")
    assert (
        client.get(reverse("partnerschappen:detail", kwargs={"code": "BESTAAT-NIET"})).status_code
        == 404
    )


# The panel member (`peer`) on every review URL in the three states that matter: before
# the panel is approved, while the review runs, and after the verslag is final.
#                                   GET: gepland, panel_vastgesteld, verslag_definitief
PANEL_STATEN = ("gepland", "panel_vastgesteld", "verslag_definitief")
PANEL_MATRIX = {
    "peer_review:review": (404, 200, 404),
    "peer_review:voorbereiden": (404, 403, 404),
    "peer_review:ics": (404, 200, 404),
    "peer_review:panellid": (404, 403, 404),
    "peer_review:verslag_uploaden": (404, 200, 404),
    "peer_review:verslag_download": (404, 200, 404),
    "peer_review:bewijs": (404, 200, 404),
}


def test_panel_matrix_covers_every_review_url():
    review_urls = {
        n for n, (sleutel, *_rest) in MATRIX.items() if sleutel and sleutel.startswith("review_A")
    }
    assert review_urls - {"peer_review:stap"} == set(PANEL_MATRIX)


@pytest.mark.parametrize("staat", PANEL_STATEN)
@pytest.mark.parametrize("naam", list(PANEL_MATRIX))
def test_panel_member_access_follows_review_state(naam, staat, client_als, wereld):
    from peer_review.models import Review

    r = _review_a(wereld)
    Review.objects.filter(pk=r["review"].pk).update(status=staat)
    kwargs = KWARGS["review_A_bewijs" if naam == "peer_review:bewijs" else "review_A"](wereld)
    verwacht = PANEL_MATRIX[naam][PANEL_STATEN.index(staat)]
    assert client_als("peer").get(reverse(naam, kwargs=kwargs)).status_code == verwacht
