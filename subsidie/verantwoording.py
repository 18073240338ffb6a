"""The verantwoording: gathering its data from a stored count, and rendering it as PDF
(WeasyPrint) and Excel. Pure reads plus rendering; services.py stores the results."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook

from partnerschappen.models import Partnerschap
from regio_portal.core.pdf import html_naar_pdf
from regio_portal.core.schooljaar import schooljaar_label
from regio_portal.core.weergave import veilige_cel

from . import aandachtspunten, telregels
from .models import Opleidingstype, TellingBesluit, Verantwoording

TELREGELS_TEKST = [
    "Een schooljaar loopt van 1 augustus tot en met 31 juli. De peildatum staat in de regeling.",
    "Een plaatsing telt mee als het opleidingstype onder de regeling valt, de plaatsing in het "
    "schooljaar valt, de vestiging op minstens één dag van de plaatsing lid is van het "
    "partnerschap, en de plaatsing minstens het minimum aantal dagen duurt.",
    "Plaatsingen met hetzelfde persoonsnummer, of met hetzelfde instituut en studentnummer, "
    "horen bij één persoon (ook via een keten van zulke koppelingen).",
    "Iedere persoon telt per schooljaar hoogstens één keer in heel Nederland: bij één "
    "partnerschap, in één regio en in één categorie.",
    "De plaatsing die telt: de plaatsingen die op de peildatum lopen (anders alle); daarvan "
    "die met de meeste dagen in het schooljaar; dan de vroegste startdatum; dan de laagste "
    "partnerschapscode; dan de laagste vestigingscode.",
    "Zij-instromer als die plaatsing zij-instroom is, anders student.",
    "De regio is die van de vestiging van de plaatsing die telt.",
    "Bedrag per partnerschap: vaste voet (bij ten minste één getelde persoon) plus personen "
    "maal het bedrag per persoon; boven een budgetplafond worden de bedragen per persoon met "
    "één gemeenschappelijke factor verlaagd. Afgerond op centen.",
    "Van elke plaatsing die niet telt staat de reden vast.",
    "Partnerschappen of regio's onder het minimum, plaatsingen op vestigingen buiten het "
    "partnerschap en personen met overlappende plaatsingen in verschillende partnerschappen "
    "worden als aandachtspunt genoemd.",
]
TYPE_NAMEN = dict(Opleidingstype.choices)


def _besluiten(telling, **filters):
    return list(
        TellingBesluit.objects.filter(telling=telling, **filters)
        .order_by()
        .values(
            "status",
            "geteld_bij",
            "partnerschap__code",
            "plaatsing__opleidingstype",
            "plaatsing__vestiging__code",
            "plaatsing__vestiging__naam",
            "plaatsing__vestiging__sector",
            "plaatsing__vestiging__regio__code",
            "plaatsing__vestiging__bestuur__nummer",
            "plaatsing__vestiging__bestuur__naam",
        )
    )


def _uitsplitsing(getelde: list[dict]) -> dict:
    cat = Counter(
        "zij-instromers"
        if b["plaatsing__opleidingstype"] == telregels.ZIJ_INSTROOM
        else "studenten"
        for b in getelde
    )
    per_type = Counter(str(TYPE_NAMEN.get(b["plaatsing__opleidingstype"], "")) for b in getelde)
    per_sector = Counter(b["plaatsing__vestiging__sector"] for b in getelde)
    per_bestuur = Counter(
        (b["plaatsing__vestiging__bestuur__nummer"], b["plaatsing__vestiging__bestuur__naam"])
        for b in getelde
    )
    per_vestiging = Counter(
        (b["plaatsing__vestiging__code"], b["plaatsing__vestiging__naam"]) for b in getelde
    )
    return {
        "zij": cat.get("zij-instromers", 0),
        "categorie": dict(sorted(cat.items())),
        "opleidingstype": dict(sorted(per_type.items())),
        "sector": dict(sorted(per_sector.items())),
        "bestuur": [
            {"nummer": n, "naam": naam, "aantal": a} for (n, naam), a in sorted(per_bestuur.items())
        ],
        "vestiging": [
            {"code": c, "naam": naam, "aantal": a} for (c, naam), a in sorted(per_vestiging.items())
        ],
    }


def _niet_geteld(besluiten: list[dict], eigen: str | None, namen: dict[str, str]) -> dict:
    redenen = Counter(
        telregels.REDENEN[b["status"]]
        for b in besluiten
        if b["status"] not in (telregels.GETELD, telregels.ELDERS_GETELD)
    )
    elders = Counter(
        b["geteld_bij"]
        for b in besluiten
        if b["status"] == telregels.ELDERS_GETELD and b["geteld_bij"] != eigen
    )
    return {
        "redenen": dict(sorted(redenen.items())),
        "elders": [
            {"code": c, "naam": namen.get(c, c), "aantal": a} for c, a in sorted(elders.items())
        ],
    }


def rapport_gegevens(verantwoording: Verantwoording) -> dict:
    """Everything the report shows, as plain JSON-able data (its checksum covers it)."""
    telling = verantwoording.telling
    resultaat = telling.resultaat
    namen = dict(Partnerschap.objects.values_list("code", "naam"))
    kop = {
        "soort": verantwoording.soort,
        "schooljaar": schooljaar_label(verantwoording.schooljaar),
        "versie": verantwoording.versie,
        "regeling": telling.parameters,
        "regeling_naam": telling.regeling.naam,
        "telling_berekend_op": timezone.localtime(telling.berekend_op).strftime("%d-%m-%Y %H:%M"),
        "telling_vingerafdruk": telling.vingerafdruk,
        "telregels": TELREGELS_TEKST,
    }
    if verantwoording.soort == Verantwoording.Soort.PARTNERSCHAP:
        p = verantwoording.partnerschap
        rij = next(r for r in resultaat["partnerschappen"] if r["code"] == p.code)
        besluiten = _besluiten(telling, partnerschap=p)
        getelde = [b for b in besluiten if b["status"] == telregels.GETELD]
        kop.update(
            naam=p.naam,
            code=p.code,
            sector=p.get_sector_display(),
            status=p.get_status_display(),
            telling=rij,
            uitsplitsing=_uitsplitsing(getelde),
            niet_geteld=_niet_geteld(besluiten, p.code, namen),
            waarschuwingen=aandachtspunten.teksten(
                [w for w in telling.waarschuwingen if w.get("partnerschap") == p.code],
                schooljaar=telling.schooljaar,
            ),
        )
        return kop
    regio = verantwoording.regio
    codes = set(
        Partnerschap.objects.filter(lidmaatschappen__vestiging__regio=regio)
        .order_by()
        .values_list("code", flat=True)
        .distinct()
    )
    rij = next((r for r in resultaat["regios"] if r["code"] == regio.code), None)
    getelde = _besluiten(telling, status=telregels.GETELD, plaatsing__vestiging__regio=regio)
    in_regio = defaultdict(Counter)
    for b in getelde:
        zij = b["plaatsing__opleidingstype"] == telregels.ZIJ_INSTROOM
        in_regio[b["partnerschap__code"]]["zij" if zij else "studenten"] += 1
    # Per partnership, counted by the database: placements not counted and placements
    # of persons counted at another partnership.
    niet, elders = Counter(), Counter()
    for code, status, bij, aantal in (
        TellingBesluit.objects.filter(telling=telling, partnerschap__code__in=codes)
        .exclude(status=telregels.GETELD)
        .values_list("partnerschap__code", "status", "geteld_bij")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if status == telregels.ELDERS_GETELD:
            if bij != code:
                elders[code] += aantal
        else:
            niet[code] += aantal
    landelijk = {r["code"]: r for r in resultaat["partnerschappen"]}
    partnerschappen = [
        {
            "code": code,
            "naam": namen.get(code, code),
            "landelijk": landelijk.get(code)
            or {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"},
            "in_regio": {"studenten": in_regio[code]["studenten"], "zij": in_regio[code]["zij"]},
            "niet_geteld": niet[code],
            "elders_geteld": elders[code],
        }
        for code in sorted(codes | set(in_regio))
    ]
    kop.update(
        naam=regio.naam,
        code=regio.code,
        telling=rij,
        uitsplitsing=_uitsplitsing(getelde),
        partnerschappen=partnerschappen,
        waarschuwingen=aandachtspunten.teksten(
            [
                w
                for w in telling.waarschuwingen
                if (w.get("regio") == regio.code and w["soort"] == "regio_onder_minimum")
                or (w.get("partnerschap") in codes and w["soort"] != "vestiging_geen_lid")
            ],
            schooljaar=telling.schooljaar,
            namen=namen,
            met_naam=True,
        ),
    )
    return kop


def inhoud_checksum(gegevens: dict) -> str:
    return hashlib.sha256(
        json.dumps(gegevens, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def maak_pdf(gegevens: dict, checksum: str, vaststelling: dict | None) -> bytes:
    return html_naar_pdf(
        "subsidie/verantwoording_pdf.html",
        {"r": gegevens, "checksum": checksum, "vaststelling": vaststelling},
    )


def maak_xlsx(gegevens: dict, checksum: str) -> bytes:
    boek = Workbook()
    blad = boek.active
    blad.title = "Samenvatting"
    t = gegevens.get("telling") or {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"}
    regeling = gegevens["regeling"]
    rijen = [
        ["Verantwoording", gegevens["naam"]],
        ["Code", gegevens["code"]],
        ["Schooljaar", gegevens["schooljaar"]],
        ["Versie", gegevens["versie"]],
        ["Regeling", regeling["code"]],
        ["Voorlopige bedragen", "ja" if regeling["voorlopig"] else "nee"],
        ["Peildatum", regeling["peildatum"]],
        ["Bedrag per student", regeling["bedrag_per_student"]],
        ["Bedrag per zij-instromer", regeling["bedrag_per_zij_instromer"]],
        ["Vaste voet", regeling["vaste_voet"]],
        ["Studenten", t["studenten"]],
        ["Zij-instromers", t["zij_instromers"]],
        ["Bedrag", t["bedrag"]],
        ["Controlegetal (SHA-256)", checksum],
    ]
    for rij in rijen:
        blad.append([veilige_cel(c) if isinstance(c, str) else c for c in rij])
    vest = boek.create_sheet("Per vestiging")
    vest.append(["vestigingscode", "naam", "getelde personen"])
    for v in gegevens["uitsplitsing"]["vestiging"]:
        vest.append([veilige_cel(v["code"]), veilige_cel(v["naam"]), v["aantal"]])
    best = boek.create_sheet("Per bestuur")
    best.append(["bestuursnummer", "naam", "getelde personen"])
    for b in gegevens["uitsplitsing"]["bestuur"]:
        best.append([veilige_cel(b["nummer"]), veilige_cel(b["naam"]), b["aantal"]])
    if gegevens["soort"] == "regio":
        ps = boek.create_sheet("Per partnerschap")
        ps.append(
            ["code", "naam", "landelijk studenten", "landelijk zij-instromers", "landelijk bedrag"]
        )
        for p in gegevens["partnerschappen"]:
            lan = p["landelijk"] or {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"}
            ps.append(
                [
                    veilige_cel(p["code"]),
                    veilige_cel(p["naam"]),
                    lan["studenten"],
                    lan["zij_instromers"],
                    lan["bedrag"],
                ]
            )
    aandacht = boek.create_sheet("Aandachtspunten")
    aandacht.append(["aandachtspunt"])
    for w in gegevens["waarschuwingen"]:
        aandacht.append([veilige_cel(w)])
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()
