"""The REST API for institutes' systems: /api/v1/ (django-ninja; docs/api.md).

Why django-ninja: the request and response shapes are typed once (pydantic) and the
OpenAPI 3.1 document follows from them, with no serializer layer beside our services;
it is small, well kept, and has per-key throttling built in. DRF with drf-spectacular
would bring a second way of writing views and a schema generator to keep in step.

Every operation authenticates with an institute's key (Authorization: Bearer …):
unknown, revoked or expired answers 401; another institute's or partnership's data
answers 404, as the pages do. Writes go through the placements import, so a delivery is
validated, written, audited and recounted exactly as an upload."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from ninja import Field, Header, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from partnerschappen.models import Partnerschap
from partnerschappen.selectors import NamensInstituut
from regio_portal.core.importeren import Tabel, importeer, melding_delen
from regio_portal.core.schooljaar import parse_schooljaar, schooljaar_label
from subsidie import afstemming as afstemming_
from subsidie import selectors as subsidie_selectors
from subsidie import services as subsidie_services
from subsidie import telregels
from subsidie.models import InstituutOpgave, Plaatsing, TellingBesluit

from . import selectors
from .models import Idempotentie

MAX_RIJEN = 50_000

Code = Annotated[str, Path(description="Code van het partnerschap.", example="P-DPO")]
Jaar = Annotated[str, Path(description="Het schooljaar.", example="2025-2026")]


class TeGroot(Exception):
    pass


class Sleutel(HttpBearer):
    """The institute's key. The request keeps the key it named (valid or not) for the
    record of its use (koppelingen/middleware.py)."""

    openapi_description = "Een API-sleutel van het instituut (Authorization: Bearer rp_…)."

    def authenticate(self, request, token):
        sleutel = selectors.sleutel_bij_tekst(token)
        if sleutel is None:
            return None
        request.api_sleutel = sleutel
        if not sleutel.geldig_op():
            return None
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0  # the body is read up to Django's own limit (DATA_UPLOAD_MAX_…)
        if lengte > settings.API_MAX_BYTES:
            raise TeGroot
        return NamensInstituut(instituut=sleutel.instituut, naam=sleutel.naam)


class PerSleutel(SimpleRateThrottle):
    """A limit per key (not per institute or address): one busy system cannot hold up
    another."""

    scope = "api-sleutel"

    def __init__(self):
        super().__init__(settings.API_LIMIET)

    def allow_request(self, request):
        # The limit as set now (settings can change without a new process in tests).
        self.rate = settings.API_LIMIET
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": request.api_sleutel.pk}


api = NinjaAPI(
    title="Regio Portal API",
    version="1",
    description=(
        "Leveren van plaatsingen door instituten, de besluiten van de telling over die "
        "plaatsingen en de afstemming met de eigen opgave. Zie docs/api.md."
    ),
    urls_namespace="api",
    auth=Sleutel(),
    throttle=[PerSleutel()],
    docs_url=None,
)


class RijFout(Schema):
    rij: int | None = Field(description="Nummer van de plaatsing in de levering (vanaf 1).")
    kolom: str
    melding: str


class Fout(Schema):
    fout: str
    fouten: list[RijFout] = []


FOUTEN = {400: Fout, 401: Fout, 404: Fout, 413: Fout, 422: Fout, 429: Fout}


def _fout(request, status: int, tekst: str, fouten=(), kopregels=None):
    antwoord = api.create_response(request, {"fout": tekst, "fouten": list(fouten)}, status=status)
    for naam, waarde in (kopregels or {}).items():
        antwoord[naam] = waarde
    return antwoord


@api.exception_handler(AuthenticationError)
def _niet_ingelogd(request, exc):
    return _fout(
        request,
        401,
        "Geen geldige API-sleutel (ontbreekt, onbekend, ingetrokken of verlopen).",
        kopregels={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(Http404)
def _niet_gevonden(request, exc):
    return _fout(request, 404, str(exc) or "Niet gevonden.")


@api.exception_handler(TeGroot)
def _te_groot(request, exc):
    mb = settings.API_MAX_BYTES // (1024 * 1024)
    return _fout(request, 413, f"Het verzoek is groter dan {mb} MB; lever in delen.")


@api.exception_handler(Throttled)
def _te_vaak(request, exc):
    return _fout(
        request,
        429,
        "Te veel verzoeken met deze sleutel; probeer het zo opnieuw.",
        kopregels={"Retry-After": str(int(exc.wait or 60))},
    )


@api.exception_handler(HttpError)
def _http_fout(request, exc):
    if exc.status_code == 400:
        # ninja's only 400: a body it cannot parse.
        return _fout(request, 400, "De inhoud is geen geldige JSON; er is niets opgeslagen.")
    return _fout(request, exc.status_code, str(exc))


_MELDINGEN = {
    "missing": "is verplicht",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "list_type": "moet een lijst zijn",
    "model_type": "moet een object zijn",
    "model_attributes_type": "moet een object zijn",
    "dict_type": "moet een object zijn",
    "extra_forbidden": "is geen veld van deze levering",
    "json_invalid": "de inhoud is geen geldige JSON",
    "json_type": "de inhoud is geen geldige JSON",
}


def _melding(fout: dict) -> str:
    ctx = fout.get("ctx") or {}
    soort = fout.get("type", "")
    if soort == "string_too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if soort == "too_long":
        return f"bevat te veel elementen (hoogstens {ctx.get('max_length')})"
    if soort in ("greater_than_equal", "greater_than"):
        return f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
    if soort in ("less_than_equal", "less_than"):
        return f"mag hoogstens {ctx.get('le', ctx.get('lt'))} zijn"
    return _MELDINGEN.get(soort, "is ongeldig")


@api.exception_handler(ValidationError)
def _ongeldig(request, exc):
    """Pydantic's errors as the upload's: row (1-based place in the delivery), column and
    a Dutch message."""
    fouten = []
    for fout in exc.errors:
        plek = [d for d in fout.get("loc", ()) if d not in ("body", "query", "header", "path")]
        rij = next((d + 1 for d in plek if isinstance(d, int)), None)
        namen = [str(d) for d in plek if isinstance(d, str)]
        # Skip the parameter's own name (the first element: ninja's wrapper of the body).
        kolom = namen[-1] if rij is not None else ".".join(namen[1:] or namen)
        fouten.append({"rij": rij, "kolom": kolom, "melding": _melding(fout)})
    return _fout(request, 422, "Het verzoek is ongeldig; er is niets opgeslagen.", fouten)


def _partnerschap(request, code: str, schooljaar: str):
    """The partnership `code` if the key reaches it in the school year (404 otherwise,
    also for a school year that is no school year: nothing is there)."""
    try:
        jaar = parse_schooljaar(schooljaar)
    except ValueError:
        raise Http404(f"'{schooljaar}' is geen schooljaar (bijvoorbeeld 2025-2026).") from None
    partnerschap = (
        selectors.partnerschappen_van_sleutel(request.api_sleutel, schooljaar=jaar)
        .filter(code=code)
        .first()
    )
    if partnerschap is None:
        raise Http404("Partnerschap niet gevonden (of niet van dit instituut in dit schooljaar).")
    return partnerschap, jaar


class PartnerschapUit(Schema):
    code: str
    naam: str


@api.get("/partnerschappen", response={200: list[PartnerschapUit], **FOUTEN})
def partnerschappen(request):
    """De partnerschappen waarin deze sleutel mag leveren."""
    return list(selectors.partnerschappen_van_sleutel(request.api_sleutel).values("code", "naam"))


class PlaatsingIn(Schema):
    model_config = {"extra": "forbid"}

    vestiging: str = Field(max_length=20, description="Vestigingscode, bijv. 13AA00.")
    studentnummer: str = Field(max_length=40)
    persoonsnummer: str = Field(
        "",
        max_length=20,
        description="BSN of onderwijsnummer; alleen versleuteld bewaard, nooit teruggegeven.",
    )
    naam: str = Field("", max_length=200)
    opleidingstype: str = Field(
        max_length=20,
        description="pabo, tweedegraads, eerstegraads, alo, ulo, zij_instroom of overig.",
    )
    startdatum: str = Field(max_length=10, description="2025-09-01 (of 01-09-2025).")
    einddatum: str = Field("", max_length=10, description="Leeg: tot het einde van het jaar.")


class LeveringIn(Schema):
    model_config = {
        "extra": "forbid",
        "json_schema_extra": {
            "examples": [
                {
                    "plaatsingen": [
                        {
                            "vestiging": "01AA00",
                            "studentnummer": "1001",
                            "persoonsnummer": "",
                            "naam": "Student A",
                            "opleidingstype": "pabo",
                            "startdatum": "2025-09-01",
                            "einddatum": "2026-06-30",
                        }
                    ]
                }
            ]
        },
    }

    plaatsingen: list[PlaatsingIn] = Field(max_length=MAX_RIJEN)


class LeveringUit(Schema):
    aangemaakt: int
    bijgewerkt: int
    ongewijzigd: int
    verwijderd: int
    telling: str


KOLOMMEN = [
    "schooljaar",
    "partnerschap",
    "vestiging",
    "instituut",
    "studentnummer",
    "persoonsnummer",
    "naam",
    "opleidingstype",
    "startdatum",
    "einddatum",
]


def _rijen(levering: LeveringIn, jaar: int, partnerschap, instituut):
    for nummer, p in enumerate(levering.plaatsingen, start=1):
        yield [
            schooljaar_label(jaar),
            partnerschap.code,
            p.vestiging,
            instituut.code,
            p.studentnummer,
            p.persoonsnummer,
            p.naam,
            p.opleidingstype,
            p.startdatum,
            p.einddatum,
            str(nummer),
        ]


PLAATSINGEN_PAD = "/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen"


@api.put(PLAATSINGEN_PAD, response={200: LeveringUit, **FOUTEN})
def plaatsingen_leveren(
    request,
    code: Code,
    schooljaar: Jaar,
    levering: LeveringIn,
    idempotentie: Annotated[str, Header(alias="Idempotency-Key", min_length=1, max_length=200)],
):
    """Alle plaatsingen van het instituut in dit partnerschap en schooljaar: wat de
    levering niet noemt, vervalt. Alles of niets, met dezelfde controles en meldingen als
    de upload; daarna wordt de telling bijgewerkt. Hetzelfde verzoek met dezelfde
    Idempotency-Key opnieuw geeft hetzelfde antwoord en verandert niets."""
    partnerschap, jaar = _partnerschap(request, code, schooljaar)
    sleutel = request.api_sleutel
    verzoek = hashlib.sha256(
        f"{request.method} {request.path}\n".encode() + request.body
    ).hexdigest()
    eerder = Idempotentie.objects.filter(sleutel=sleutel, idempotentie_sleutel=idempotentie).first()
    if eerder is not None:
        return _herhaald(request, eerder, verzoek)
    resultaat = importeer(
        soort="plaatsingen",
        tabel=Tabel(KOLOMMEN, _rijen(levering, jaar, partnerschap, sleutel.instituut)),
        door=request.auth,
        dry_run=False,
        opties={
            "partnerschap": partnerschap.code,
            "instituut": sleutel.instituut.code,
            "schooljaar": jaar,
            "vervang": True,
        },
    )
    if resultaat.fouten:
        status, antwoord = (
            422,
            {
                "fout": "De levering bevat fouten; er is niets opgeslagen.",
                "fouten": [melding_delen(f) for f in resultaat.fouten],
            },
        )
    else:
        status, antwoord = (
            200,
            {
                **resultaat.als_dict(),
                "telling": "wordt bijgewerkt"
                if (resultaat.aangemaakt or resultaat.bijgewerkt or resultaat.verwijderd)
                else "ongewijzigd",
            },
        )
    try:
        with transaction.atomic():
            Idempotentie.objects.create(
                sleutel=sleutel,
                idempotentie_sleutel=idempotentie,
                verzoek_hash=verzoek,
                status=status,
                antwoord=antwoord,
            )
    except IntegrityError:
        # The same key in a request running at the same time: its answer counts.
        eerder = Idempotentie.objects.get(sleutel=sleutel, idempotentie_sleutel=idempotentie)
        return _herhaald(request, eerder, verzoek)
    return Status(status, antwoord)


def _herhaald(request, eerder: Idempotentie, verzoek: str):
    if eerder.verzoek_hash != verzoek:
        return _fout(
            request,
            422,
            "Deze Idempotency-Key is al gebruikt voor een ander verzoek; kies een nieuwe.",
        )
    antwoord = api.create_response(request, eerder.antwoord, status=eerder.status)
    antwoord["Idempotent-Replayed"] = "true"
    return antwoord


class PlaatsingUit(Schema):
    vestiging: str
    studentnummer: str
    naam: str
    opleidingstype: str
    startdatum: str
    einddatum: str | None


class Pagina(Schema):
    limit: int = Field(1000, ge=1, le=5000)
    offset: int = Field(0, ge=0, le=1_000_000)


class PlaatsingenUit(Schema):
    totaal: int
    plaatsingen: list[PlaatsingUit]


def _eigen_plaatsingen(request, partnerschap, jaar):
    return Plaatsing.objects.filter(
        schooljaar=jaar, partnerschap=partnerschap, instituut=request.api_sleutel.instituut
    ).order_by("studentnummer", "startdatum", "vestiging__code", "pk")


@api.get(PLAATSINGEN_PAD, response={200: PlaatsingenUit, **FOUTEN})
def plaatsingen(request, code: Code, schooljaar: Jaar, pagina: Query[Pagina]):
    """De plaatsingen die het instituut hier heeft geleverd (zonder persoonsnummer)."""
    partnerschap, jaar = _partnerschap(request, code, schooljaar)
    qs = _eigen_plaatsingen(request, partnerschap, jaar)
    rijen = qs.values_list(
        "vestiging__code", "studentnummer", "naam", "opleidingstype", "startdatum", "einddatum"
    )[pagina.offset : pagina.offset + pagina.limit]
    return {
        "totaal": qs.count(),
        "plaatsingen": [
            {
                "vestiging": v,
                "studentnummer": s,
                "naam": n,
                "opleidingstype": t,
                "startdatum": b.isoformat(),
                "einddatum": e.isoformat() if e else None,
            }
            for v, s, n, t, b, e in rijen
        ],
    }


class TellingUit(Schema):
    regeling: str
    berekend_op: str
    verouderd: bool


def _telling_uit(snapshot) -> dict | None:
    if snapshot is None:
        return None
    return {
        "regeling": snapshot.regeling.code,
        "berekend_op": snapshot.berekend_op.isoformat(),
        "verouderd": snapshot.verouderd,
    }


class BesluitUit(Schema):
    vestiging: str
    studentnummer: str
    startdatum: str
    uitkomst: str = Field(
        description="telt_mee, dubbel (telt via een andere plaatsing hier), "
        "elders_geteld (bij een ander partnerschap), telt_niet of nog_niet_geteld."
    )
    reden: str | None = Field(description="Bij telt_niet: de code van de reden (telregel 9).")
    uitleg: str
    geteld_bij: str | None = Field(
        description="Code van het partnerschap waar de persoon telt; nooit meer dan dat."
    )


class BesluitenUit(Schema):
    telling: TellingUit | None
    totaal: int
    besluiten: list[BesluitUit]


def _besluit(status: str | None, geteld_bij: str, eigen: str) -> dict:
    if status is None:
        return {"uitkomst": "nog_niet_geteld", "reden": None, "uitleg": "nog niet geteld"}
    if status == telregels.GETELD:
        return {"uitkomst": "telt_mee", "reden": None, "uitleg": "telt mee"}
    if status == telregels.ELDERS_GETELD:
        if geteld_bij == eigen:
            uitleg = "telt mee via een andere plaatsing in dit partnerschap"
            return {"uitkomst": "dubbel", "reden": None, "uitleg": uitleg}
        uitleg = f"geteld bij een ander partnerschap ({geteld_bij})"
        return {"uitkomst": "elders_geteld", "reden": None, "uitleg": uitleg}
    uitleg = f"telt niet: {telregels.REDENEN.get(status, status)}"
    return {"uitkomst": "telt_niet", "reden": status, "uitleg": uitleg}


@api.get(
    "/partnerschappen/{code}/schooljaren/{schooljaar}/besluiten",
    response={200: BesluitenUit, **FOUTEN},
)
def besluiten(request, code: Code, schooljaar: Jaar, pagina: Query[Pagina]):
    """Per geleverde plaatsing wat de actuele telling ermee deed (telregel 9). Over een
    persoon die elders telt alleen de code van dat partnerschap, niets van die plaatsing."""
    partnerschap, jaar = _partnerschap(request, code, schooljaar)
    snapshot = subsidie_selectors.actuele_telling_of_geen(jaar)
    besluit = TellingBesluit.objects.filter(
        telling_id=snapshot.pk if snapshot else None, plaatsing=OuterRef("pk")
    )
    qs = _eigen_plaatsingen(request, partnerschap, jaar)
    rijen = qs.annotate(
        telstatus=Subquery(besluit.values("status")[:1]),
        telbij=Subquery(besluit.values("geteld_bij")[:1]),
    ).values_list("vestiging__code", "studentnummer", "startdatum", "telstatus", "telbij")[
        pagina.offset : pagina.offset + pagina.limit
    ]
    return {
        "telling": _telling_uit(snapshot),
        "totaal": qs.count(),
        "besluiten": [
            {
                "vestiging": v,
                "studentnummer": s,
                "startdatum": b.isoformat(),
                "geteld_bij": bij or None,
                **_besluit(status, bij or "", partnerschap.code),
            }
            for v, s, b, status, bij in rijen
        ],
    }


class OpgaveIn(Schema):
    model_config = {"extra": "forbid"}

    aantal: int = Field(ge=0, le=1_000_000, description="Aantal personen volgens het instituut.")


class OpgaveUit(Schema):
    aantal: int
    bijgewerkt: str


OPGAVE_PAD = "/partnerschappen/{code}/schooljaren/{schooljaar}/opgave"


@api.put(OPGAVE_PAD, response={200: OpgaveUit, **FOUTEN})
def opgave_leveren(request, code: Code, schooljaar: Jaar, opgave: OpgaveIn):
    """Het eigen aantal personen van het instituut in dit partnerschap en schooljaar, voor
    de afstemming met de telling."""
    partnerschap, jaar = _partnerschap(request, code, schooljaar)
    rij = subsidie_services.instituut_opgave_opslaan(
        instituut=request.api_sleutel.instituut,
        partnerschap=partnerschap,
        schooljaar=jaar,
        aantal=opgave.aantal,
        bron=InstituutOpgave.Bron.API,
        door=request.auth,
    )
    return {"aantal": rij.aantal, "bijgewerkt": rij.bijgewerkt.isoformat()}


class CategorieUit(Schema):
    code: str
    tekst: str
    aantal: int | None = Field(description="None: niet bekend (niet_aangeleverd zonder opgave).")


class AfstemmingUit(Schema):
    telling: TellingUit | None
    opgave: int | None
    aangeleverd: int
    geteld: int
    verschil: int | None = Field(description="Opgave min geteld; None zonder opgave.")
    categorieen: list[CategorieUit]


@api.get(
    "/partnerschappen/{code}/schooljaren/{schooljaar}/afstemming",
    response={200: AfstemmingUit, **FOUTEN},
)
def afstemming(request, code: Code, schooljaar: Jaar):
    """De eigen opgave naast de telling, met elk verschil verklaard per categorie."""
    partnerschap, jaar = _partnerschap(request, code, schooljaar)
    uitkomst = afstemming_.afstemming(
        schooljaar=jaar,
        partnerschappen=Partnerschap.objects.filter(pk=partnerschap.pk),
        instituut=request.api_sleutel.instituut,
    )
    snapshot = uitkomst["telling"]
    rij = uitkomst["rijen"][0] if uitkomst["rijen"] else None
    categorieen = rij["categorieen"] if rij else {}
    return {
        "telling": _telling_uit(snapshot),
        "opgave": rij["opgave"] if rij else None,
        "aangeleverd": rij["aangeleverd"] if rij else 0,
        "geteld": rij["geteld"] if rij else 0,
        "verschil": rij["verschil"] if rij else None,
        "categorieen": [
            {
                "code": c,
                "tekst": t,
                "aantal": categorieen.get(c, 0 if c != "niet_aangeleverd" else None),
            }
            for c, t in afstemming_.CATEGORIEEN
        ],
    }


def openapi_document() -> dict:
    """The OpenAPI document as served (for tests and docs)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
