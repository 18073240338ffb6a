"""The verantwoording: gathering its data from a stored count, and rendering it as PDF
(WeasyPrint) and Excel. Pure reads plus rendering; services.py stores the results."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook

from partnerschappen.models import Partnerschap
from regio_portal.core import excel, grafiek
from regio_portal.core.pdf import html_naar_pdf
from regio_portal.core.schooljaar import schooljaar_label

from . import aandachtspunten, telregels
from .models import Opleidingstype, TellingBesluit, TellingSnapshot, Verantwoording

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
JAREN_TREND = 5


def _trend(schooljaar: int, *, sleutel: str, code: str) -> list[dict]:
    """The counted persons of one partnership or region in this year and the four before,
    from each year's current count (0 for a year without one)."""
    from .selectors import actuele_telling_met_inhoud  # noqa: PLC0415 (selectors import us)

    uit = []
    for jaar in range(schooljaar - JAREN_TREND + 1, schooljaar + 1):
        s = actuele_telling_met_inhoud(jaar)
        rij = next((r for r in s.resultaat[sleutel] if r["code"] == code), None) if s else None
        uit.append(
            {
                "label": schooljaar_label(jaar),
                "studenten": rij["studenten"] if rij else 0,
                "zij_instromers": rij["zij_instromers"] if rij else 0,
                "geteld": s is not None,
            }
        )
    return uit


def trend_grafiek(gegevens: dict) -> grafiek.Svg:
    return grafiek.gestapelde_staven(
        [
            {
                "label": j["label"],
                "onder": j["studenten"],
                "boven": j["zij_instromers"],
                "geteld": j["geteld"],
            }
            for j in gegevens["trend"]
        ],
        id_="trend",
        titel=f"Getelde personen van {gegevens['naam']} per schooljaar, vijf jaar",
        namen=("studenten", "zij-instromers"),
    )


def typen_tekst(codes: list[str]) -> str:
    """Counted types by their Dutch names (never the stored code such as zij_instroom)."""
    return ", ".join(str(TYPE_NAMEN.get(c, c)) for c in codes)


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
    # Count the codes, then name them: a lazy translation per placement cost ~0.1 s on a
    # region of 4,000 counted persons.
    per_type = Counter()
    for code, aantal in Counter(b["plaatsing__opleidingstype"] for b in getelde).items():
        per_type[str(TYPE_NAMEN.get(code, ""))] += aantal
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
    from .selectors import tellingen_met_inhoud  # noqa: PLC0415 (selectors import us)

    # The count's large JSON from the per-process cache: a worker that renders the
    # reports of 150 partnerships parses each count once, not six times per report.
    # Read only; what the report keeps of it is copied.
    (telling,) = tellingen_met_inhoud(
        TellingSnapshot.objects.filter(pk=verantwoording.telling_id).select_related("regeling")
    )
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
        "getelde_typen": typen_tekst(telling.parameters.get("getelde_typen", [])),
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
            telling=dict(rij),
            uitsplitsing=_uitsplitsing(getelde),
            trend=_trend(telling.schooljaar, sleutel="partnerschappen", code=p.code),
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
    # A count's decisions are about placements of its own school year; saying so lets the
    # database skip the other years' placements (R01: 0.17 s -> 0.10 s).
    getelde = _besluiten(
        telling,
        status=telregels.GETELD,
        plaatsing__schooljaar=telling.schooljaar,
        plaatsing__vestiging__regio=regio,
    )
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
            "landelijk": dict(
                landelijk.get(code) or {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"}
            ),
            "in_regio": {"studenten": in_regio[code]["studenten"], "zij": in_regio[code]["zij"]},
            "niet_geteld": niet[code],
            "elders_geteld": elders[code],
        }
        for code in sorted(codes | set(in_regio))
    ]
    kop.update(
        naam=regio.naam,
        code=regio.code,
        telling=dict(rij) if rij else None,
        uitsplitsing=_uitsplitsing(getelde),
        trend=_trend(telling.schooljaar, sleutel="regios", code=regio.code),
        partnerschappen=partnerschappen,
        waarschuwingen=_regio_waarschuwingen(telling, regio.code, codes, namen),
    )
    return kop


def _regio_waarschuwingen(telling, regio_code: str, codes: set[str], namen: dict) -> list[str]:
    """The region's own minimum, then its partnerships' points. A person with overlapping
    placements in two partnerships is stored once per partnership (each partnership's
    page lists it); the region names the pair once, not once for each side."""
    eigen, overlap, gezien = [], [], set()
    for w in telling.waarschuwingen:
        if w.get("regio") == regio_code and w["soort"] == "regio_onder_minimum":
            eigen.append(w)
        elif w.get("partnerschap") in codes and w["soort"] == "overlap_partnerschappen":
            sleutel = (w.get("persoon"), w.get("tekst"))
            if w.get("persoon") is None or sleutel not in gezien:
                gezien.add(sleutel)
                overlap.append({**w, "partnerschap": ""})
        elif w.get("partnerschap") in codes and w["soort"] != "vestiging_geen_lid":
            eigen.append(w)
    return aandachtspunten.teksten(
        eigen + overlap, schooljaar=telling.schooljaar, namen=namen, met_naam=True
    )


def inhoud_checksum(gegevens: dict) -> str:
    return hashlib.sha256(
        json.dumps(gegevens, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def maak_pdf(gegevens: dict, checksum: str, vaststelling: dict | None) -> bytes:
    """Tagged PDF/UA-1 (regio_portal.core.pdf); the five-year chart is an image whose alt
    text gives every figure."""
    trend = trend_grafiek(gegevens)
    return html_naar_pdf(
        "subsidie/verantwoording_pdf.html",
        {
            "r": gegevens,
            "checksum": checksum,
            "vaststelling": vaststelling,
            "trend": trend,
        },
        afbeeldingen={"trend.svg": trend.los()},
    )


def maak_xlsx(gegevens: dict, checksum: str) -> bytes:
    """The report's figures as a workbook a controller can recompute: amounts, counts
    and dates are numeric cells with Dutch number formats (core.excel). It carries the
    same checksum as the PDF's footer and, once adopted, who adopted it and when."""
    t = gegevens.get("telling") or {"studenten": 0, "zij_instromers": 0, "bedrag": "0.00"}
    regeling = gegevens["regeling"]
    vastgesteld = gegevens.get("vastgesteld")
    regels = [
        ("Verantwoording", gegevens["naam"], excel.TEKST),
        ("Code", gegevens["code"], excel.TEKST),
        ("Schooljaar", gegevens["schooljaar"], excel.TEKST),
        ("Versie", gegevens["versie"], excel.GETAL),
        ("Status", "vastgesteld" if vastgesteld else "concept", excel.TEKST),
    ]
    if vastgesteld:
        regels += [
            ("Vastgesteld door", vastgesteld["door"], excel.TEKST),
            (
                "Vastgesteld op",
                dt.datetime.strptime(vastgesteld["op"], "%d-%m-%Y %H:%M"),
                excel.DATUMTIJD,
            ),
        ]
    regels += [
        ("Regeling", f"{gegevens['regeling_naam']} ({regeling['code']})", excel.TEKST),
        ("Voorlopige bedragen", "ja" if regeling["voorlopig"] else "nee", excel.TEKST),
        ("Peildatum", regeling["peildatum"], excel.DATUM),
        ("Getelde opleidingstypen", gegevens.get("getelde_typen", ""), excel.TEKST),
        ("Bedrag per student", regeling["bedrag_per_student"], excel.EURO),
        ("Bedrag per zij-instromer", regeling["bedrag_per_zij_instromer"], excel.EURO),
        ("Vaste voet", regeling["vaste_voet"], excel.EURO),
        ("Studenten", t["studenten"], excel.GETAL),
        ("Zij-instromers", t["zij_instromers"], excel.GETAL),
        ("Bedrag", t["bedrag"], excel.EURO),
        (
            "Telling berekend op",
            dt.datetime.strptime(gegevens["telling_berekend_op"], "%d-%m-%Y %H:%M"),
            excel.DATUMTIJD,
        ),
        ("Controlegetal (SHA-256)", checksum, excel.TEKST),
    ]
    boek = Workbook()
    excel.gegevensblad(boek, "Samenvatting", regels, eerste=True)
    excel.werkblad(
        boek,
        "Vijf jaar",
        [
            excel.Kolom("Schooljaar"),
            excel.Kolom("Studenten", excel.GETAL),
            excel.Kolom("Zij-instromers", excel.GETAL),
        ],
        ([j["label"], j["studenten"], j["zij_instromers"]] for j in gegevens.get("trend", [])),
    )
    aantal = excel.Kolom("Getelde personen", excel.GETAL)
    excel.werkblad(
        boek,
        "Per vestiging",
        [excel.Kolom("Vestigingscode"), excel.Kolom("Vestiging"), aantal],
        ([v["code"], v["naam"], v["aantal"]] for v in gegevens["uitsplitsing"]["vestiging"]),
    )
    excel.werkblad(
        boek,
        "Per bestuur",
        [excel.Kolom("Bestuursnummer"), excel.Kolom("Bestuur"), aantal],
        ([b["nummer"], b["naam"], b["aantal"]] for b in gegevens["uitsplitsing"]["bestuur"]),
    )
    if gegevens["soort"] == "regio":
        excel.werkblad(
            boek,
            "Per partnerschap",
            [
                excel.Kolom("Code"),
                excel.Kolom("Partnerschap"),
                excel.Kolom("Landelijk studenten", excel.GETAL),
                excel.Kolom("Landelijk zij-instromers", excel.GETAL),
                excel.Kolom("Bedrag partnerschap", excel.EURO),
                excel.Kolom("In de regio studenten", excel.GETAL),
                excel.Kolom("In de regio zij-instromers", excel.GETAL),
                excel.Kolom("Niet geteld", excel.GETAL),
                excel.Kolom("Elders geteld", excel.GETAL),
            ],
            (
                [
                    p["code"],
                    p["naam"],
                    p["landelijk"]["studenten"],
                    p["landelijk"]["zij_instromers"],
                    p["landelijk"]["bedrag"],
                    p["in_regio"]["studenten"],
                    p["in_regio"]["zij"],
                    p["niet_geteld"],
                    p["elders_geteld"],
                ]
                for p in gegevens["partnerschappen"]
            ),
        )
    else:
        niet = gegevens["niet_geteld"]
        excel.werkblad(
            boek,
            "Niet geteld",
            [excel.Kolom("Reden"), excel.Kolom("Plaatsingen", excel.GETAL)],
            [
                *([reden, n] for reden, n in niet["redenen"].items()),
                *(
                    [f"Persoon geteld bij {e['naam']} ({e['code']})", e["aantal"]]
                    for e in niet["elders"]
                ),
            ],
        )
    excel.werkblad(
        boek,
        "Aandachtspunten",
        [excel.Kolom("Aandachtspunt")],
        ([w] for w in gegevens["waarschuwingen"]),
    )
    return excel.als_bytes(boek)
