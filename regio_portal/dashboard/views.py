"""The regional dashboard and the start page by role. They compose what the apps say
(each app's selectors hold its own rules: "review te laat" in peer_review, "wat nu te
doen" per app); everything heavy comes from stored count snapshots and indexed aggregate
queries, nothing is recounted per request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kwaliteit import selectors as kw
from partnerschappen import selectors as org
from partnerschappen.models import Partnerschap, Rol, Vestiging
from peer_review import selectors as pr
from peer_review.models import PanelLid
from regio_portal.core import grafiek
from regio_portal.core.excel import GETAL, PROCENT, Kolom
from regio_portal.core.paginacache import uit_cache
from regio_portal.core.schooljaar import (
    huidig_schooljaar,
    schooljaar_label,
    schooljaar_navigatie,
    schooljaar_uit_verzoek,
)
from regio_portal.core.weergave import tabel_antwoord
from regio_portal.samenwerking import selectors as samen
from subsidie import selectors as sub
from subsidie.models import TellingSnapshot

JAREN_TERUG = 4


def _trend_grafiek(jaren: list[dict]) -> grafiek.Svg:
    return grafiek.gestapelde_staven(
        [
            {
                "label": j["label"],
                "onder": j["studenten"],
                "boven": j["zij_instromers"],
                "geteld": j["geteld"],
            }
            for j in jaren
        ],
        id_="trend",
        titel=_("Getelde studenten en zij-instromers per schooljaar"),
        namen=(_("studenten"), _("zij-instromers")),
        geen_telling=_("geen telling"),
    )


def _dekking_per_jaar(snapshots: dict, jaren: list[int], regio_code: str) -> dict:
    """Coverage toward 100% per sector over the years: the share of the region's
    placements at vestigingen that are members of their partnership."""
    sectoren = sorted(
        {
            sector
            for s in snapshots.values()
            for sector in s.samenvatting.get("dekking", {}).get(regio_code, {})
        }
    )
    reeksen = []
    for sector in sectoren:
        waarden = []
        for j in jaren:
            s = snapshots.get(j)
            paar = s.samenvatting.get("dekking", {}).get(regio_code, {}).get(sector) if s else None
            waarden.append(round(100 * paar[1] / paar[0]) if paar and paar[0] else None)
        reeksen.append({"naam": sector, "waarden": waarden})
    labels = [schooljaar_label(j) for j in jaren]
    return {
        "reeksen": reeksen,
        "labels": labels,
        "svg": grafiek.lijnen_procent(
            labels,
            reeksen,
            id_="dekking",
            titel=_("Plaatsingen in een partnerschap per sector, vijf jaar"),
            doel_tekst=_("doel: 100%"),
        )
        if reeksen
        else None,
    }


@login_required
@require_GET
@uit_cache
def regio(request, code):
    regio = org.regio_voor_gebruiker(request.user, code)
    jaar = schooljaar_uit_verzoek(request, sub.standaard_schooljaar)
    codes = sub.regio_partnerschap_codes(regio)
    jaren = list(range(jaar - JAREN_TERUG, jaar + 1))
    # Five national counts: their large JSON comes from subsidie's per-process cache.
    snapshots = {
        s.schooljaar: s
        for s in sub.tellingen_met_inhoud(
            TellingSnapshot.objects.filter(actueel=True, schooljaar__in=jaren).select_related(
                "regeling"
            )
        )
    }
    snapshot = snapshots.get(jaar)
    partnerschappen = list(Partnerschap.objects.filter(code__in=codes).order_by("naam"))
    namen = {p.code: p.naam for p in partnerschappen}

    # 1. Counts per partnership, this year and the four before (from the snapshots).
    trend, per_partnerschap = [], {c: [] for c in namen}
    for j in jaren:
        s = snapshots.get(j)
        rij = (
            next((r for r in s.resultaat["regios"] if r["code"] == regio.code), None) if s else None
        )
        trend.append(
            {
                "label": schooljaar_label(j),
                "studenten": rij["studenten"] if rij else 0,
                "zij_instromers": rij["zij_instromers"] if rij else 0,
                "geteld": s is not None,
            }
        )
        landelijk = {r["code"]: r for r in s.resultaat["partnerschappen"]} if s else {}
        for c in per_partnerschap:
            r = landelijk.get(c)
            per_partnerschap[c].append((r["studenten"] + r["zij_instromers"]) if r else None)
    tellingen = [{"code": c, "naam": namen[c], "jaren": per_partnerschap[c]} for c in namen]

    # 2. Coverage toward 100% Samen Opleiden: placements at vestigingen in the region that
    # are members of their partnership, against all registered placements there, per sector.
    dekking = []
    if snapshot:
        per_sector = snapshot.samenvatting.get("dekking", {}).get(regio.code, {})
        for sector_code, (totaal, in_partnerschap) in sorted(per_sector.items()):
            dekking.append(
                {
                    "sector": sector_code,
                    "totaal": totaal,
                    "in_partnerschap": in_partnerschap,
                    "procent": round(100 * in_partnerschap / totaal) if totaal else None,
                }
            )

    # 3. The count of this year: minimum and amount; data problems with where to fix them.
    overzicht = sub.regio_overzicht(snapshot, regio, codes, namen=namen) if snapshot else {}
    regio_rij = overzicht.get("regio_rij")
    minimum = snapshot.parameters.get("minimum_per_regio") if snapshot else None
    aantal = (regio_rij["studenten"] + regio_rij["zij_instromers"]) if regio_rij else 0

    # 4. Quality and 5. peer review.
    kwaliteit = kw.regio_heatmap(regio, jaar)
    statussen = {"niet_gestart": 0, "concept": 0, "ingediend": 0}
    for r in kwaliteit["rijen"]:
        statussen[r["status_code"]] += 1
    reviews = pr.reviews_per_partnerschap(partnerschappen, vandaag=timezone.localdate())
    peer = [
        {"partnerschap": p, "review": (r := reviews.get(p.pk)), "te_laat": bool(r and r.te_laat)}
        for p in partnerschappen
    ]

    if request.GET.get("export") == "tellingen":
        return tabel_antwoord(
            request,
            f"tellingen-{regio.code}-{schooljaar_label(jaar)}",
            [
                Kolom("Code"),
                Kolom("Partnerschap"),
                *[Kolom(f"Geteld {schooljaar_label(j)}", GETAL) for j in jaren],
            ],
            (
                [t["code"], t["naam"], *["" if v is None else v for v in t["jaren"]]]
                for t in tellingen
            ),
            blad="Tellingen per partnerschap",
        )
    if request.GET.get("export") == "dekking":
        return tabel_antwoord(
            request,
            f"dekking-{regio.code}-{schooljaar_label(jaar)}",
            [
                Kolom("Sector"),
                Kolom("Plaatsingen", GETAL),
                Kolom("In een partnerschap", GETAL),
                Kolom("Percentage in een partnerschap", PROCENT),
            ],
            ([d["sector"], d["totaal"], d["in_partnerschap"], d["procent"]] for d in dekking),
            blad="Op weg naar 100%",
        )
    return render(
        request,
        "dashboard/regio.html",
        {
            "regio": regio,
            "jaar": jaar,
            "schooljaar": schooljaar_label(jaar),
            "nav": schooljaar_navigatie(jaar),
            "snapshot": snapshot,
            "trend": trend,
            "grafiek": _trend_grafiek(trend),
            "dekking_jaren": _dekking_per_jaar(snapshots, jaren, regio.code),
            # Towards 100%: vestigingen in no partnership, per year (memberships, not
            # counts: also before the first count).
            "nog_niet_in": samen.nog_niet_in_trend(regio, jaren),
            "tellingen": tellingen,
            "jaar_labels": [schooljaar_label(j) for j in jaren],
            "dekking": dekking,
            "regio_rij": regio_rij,
            "minimum": minimum,
            "onder_minimum": minimum is not None and aantal < minimum,
            "aantal_geteld": aantal,
            "bewerkbaar": org.partnerschap_codes_bewerkbaar_voor(request.user)
            if overzicht.get("problemen")
            else set(),
            "problemen": overzicht.get("problemen", []),
            "kwaliteit": kwaliteit,
            "statussen": statussen,
            "peer": peer,
        },
    )


def _te_doen(partnerschappen: list, jaar: int) -> list[dict]:
    """Per partnership the programmaleider edits: what needs doing now, in the order of
    the year (placements, self-assessment, peer review, the count), then the route's
    way forward. Each app says what
    is open in its own part (its selectors); a fixed number of queries for any number
    of partnerships."""
    if not partnerschappen:
        return []
    ids = [p.pk for p in partnerschappen]
    plaatsingen = sub.plaatsingen_te_doen(ids, jaar)
    zelfevaluatie = kw.zelfevaluatie_te_doen(ids, jaar)
    reviews, review_taken = pr.review_te_doen(ids)
    telling = sub.telling_te_doen(jaar)
    routes, route_taken = samen.route_te_doen(ids, vandaag=timezone.localdate())
    return [
        {
            "partnerschap": p,
            "taken": [
                *plaatsingen.get(p.pk, []),
                *zelfevaluatie.get(p.pk, []),
                *review_taken.get(p.pk, []),
                *telling.get(p.code, []),
                *route_taken.get(p.pk, []),
            ],
            "review": reviews.get(p.pk),
            "route": routes.get(p.pk),
        }
        for p in partnerschappen
    ]


@login_required
@require_GET
@uit_cache
def start(request):
    """The landing page by role: a kwartiermaker of exactly one region goes to its
    dashboard; programmaleiders see what needs doing per partnership; bestuurders their
    boards' partnerships with counts, amounts and reports; beheerders all regions."""
    gebruiker = request.user
    rolsoorten = org.actieve_rolsoorten(gebruiker)
    beheerder = org.is_beheerder(gebruiker)
    if rolsoorten == {"kwartiermaker"} and not beheerder:
        regios = list(
            org.regios_zichtbaar_voor(gebruiker=gebruiker).values_list("code", flat=True)[:2]
        )
        if len(regios) == 1:
            return redirect("dashboard:regio", code=regios[0])
    jaar = huidig_schooljaar()
    rollen = (
        Rol.objects.filter(gebruiker=gebruiker)
        .niet_beeindigd_op(timezone.localdate())
        .select_related("regio", "partnerschap", "bestuur")
        .order_by("soort")
    )
    bewerkbaar = (
        list(org.partnerschappen_bewerkbaar_voor(gebruiker=gebruiker).order_by("naam")[:20])
        if not beheerder
        else []
    )
    context = {
        "panels": PanelLid.objects.filter(gebruiker=gebruiker).select_related("review__ontvangend"),
        "rollen": rollen,
        "aantal_partnerschappen": org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker).count(),
        "aantal_regios": org.regios_zichtbaar_voor(gebruiker=gebruiker).count(),
        "is_beheerder": beheerder,
        "zonder_regio": Vestiging.objects.filter(regio__isnull=True).count() if beheerder else None,
        "te_doen": _te_doen(bewerkbaar, jaar),
        "schooljaar": schooljaar_label(jaar),
    }
    if "bestuurder" in rolsoorten or beheerder:
        # The count and reports shown: the most recent year with data (subsidie's rule).
        vorig = sub.standaard_schooljaar()
        snapshot = sub.actuele_telling_of_geen(vorig)
        rijen = {r["code"]: r for r in snapshot.resultaat["partnerschappen"]} if snapshot else {}
        if "bestuurder" in rolsoorten and not beheerder:
            eigen = (
                org.partnerschappen_zichtbaar_voor(gebruiker=gebruiker)
                .filter(
                    lidmaatschappen__vestiging__bestuur__in=org.besturen_zichtbaar_voor(
                        gebruiker=gebruiker
                    )
                )
                .distinct()
                .order_by("naam")
            )
            context["bestuurder_partnerschappen"] = [
                {"partnerschap": p, "telling": rijen.get(p.code)} for p in eigen
            ]
        if beheerder and snapshot:
            context["regios_landelijk"] = snapshot.resultaat["regios"]
            context["minimum_regio"] = snapshot.parameters.get("minimum_per_regio")
        context["vorig_schooljaar"] = schooljaar_label(vorig)
        context["vorige_telling"] = snapshot
    return render(request, "partnerschappen/start.html", context)
