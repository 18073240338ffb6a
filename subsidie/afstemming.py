"""Reconciliation: an institute's own figure next to the count, per partnership and
school year, with every difference explained (issue 15).

Per (partnership, institute), the institute's placements in the current count fall in
exactly one category each, so that

    opgave − geteld = dubbel + elders + Σ niet geschikt + nog niet geteld + niet aangeleverd

holds to the unit: `geteld` is the institute's persons counted in this partnership (the
placement the count attributed them to is theirs, telregel 5); `dubbel` placements of a
person counted through another placement in the same partnership (delivered twice, or a
change of school); `elders` placements whose person counted at another partnership
(telregel 4); `niet geschikt` per reason (telregel 9); `nog niet geteld` placements newer
than the count; `niet aangeleverd` what the institute states beyond what it delivered
(negative: delivered but not in its figure)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from . import selectors, telregels
from .models import InstituutOpgave, Plaatsing, TellingBesluit

CATEGORIEEN = (
    ("dubbel", "dubbel aangeleverd (dezelfde persoon telt via een andere plaatsing hier)"),
    ("elders", "geteld bij een ander partnerschap"),
    *(
        (reden, f"telt niet: {telregels.REDENEN[reden]}")
        for reden in (
            telregels.NIET_GETELD_TYPE,
            telregels.BUITEN_SCHOOLJAAR,
            telregels.GEEN_LID,
            telregels.TE_KORT,
        )
    ),
    ("nog_niet_geteld", "aangeleverd na de telling (nog niet geteld)"),
    ("niet_aangeleverd", "niet aangeleverd aan de portal (opgave min aangeleverd)"),
)
CATEGORIE_TEKST = dict(CATEGORIEEN)


def _categorie(status: str, geteld_bij: str, eigen_code: str) -> str:
    if status == telregels.ELDERS_GETELD:
        return "dubbel" if geteld_bij == eigen_code else "elders"
    return status


def afstemming(*, schooljaar: int, partnerschappen, instituut=None) -> dict:
    """The reconciliation of `schooljaar` for the given partnerships (a queryset the
    caller scoped), of one institute or of all. A constant number of queries.

    Returns {"telling": the current snapshot or None, "rijen": [{partnerschap, instituut,
    opgave (None: none given), aangeleverd, geteld, verschil, categorieen: {code: n}}]}
    ordered by partnership and institute code; a row for every pair with placements or
    an opgave."""
    snapshot = selectors.actuele_telling_of_geen(schooljaar)
    codes = dict(partnerschappen.values_list("pk", "code"))
    plaatsingen = Plaatsing.objects.filter(schooljaar=schooljaar, partnerschap__in=list(codes))
    opgaven = InstituutOpgave.objects.filter(schooljaar=schooljaar, partnerschap__in=list(codes))
    if instituut is not None:
        plaatsingen = plaatsingen.filter(instituut=instituut)
        opgaven = opgaven.filter(instituut=instituut)
    rijen: dict[tuple, dict] = {}
    instituten: dict[int, str] = {}

    def rij(p_id, i_id):
        if (p_id, i_id) not in rijen:
            rijen[(p_id, i_id)] = {
                "partnerschap": codes[p_id],
                "instituut_id": i_id,
                "opgave": None,
                "aangeleverd": 0,
                "geteld": 0,
                "categorieen": defaultdict(int),
            }
        return rijen[(p_id, i_id)]

    for p_id, i_id, i_code, n in (
        plaatsingen.order_by()
        .values_list("partnerschap_id", "instituut_id", "instituut__code")
        .annotate(n=Count("pk"))
    ):
        instituten[i_id] = i_code
        rij(p_id, i_id)["aangeleverd"] = n
    for p_id, i_id, i_code, aantal in opgaven.values_list(
        "partnerschap_id", "instituut_id", "instituut__code", "aantal"
    ):
        instituten[i_id] = i_code
        rij(p_id, i_id)["opgave"] = aantal
    if snapshot is not None:
        besluiten = TellingBesluit.objects.filter(
            telling=snapshot,
            partnerschap__in=list(codes),
            plaatsing__schooljaar=schooljaar,
            plaatsing__in=plaatsingen,
        )
        for p_id, i_id, status, geteld_bij, n in (
            besluiten.order_by()
            .values_list("partnerschap_id", "plaatsing__instituut_id", "status", "geteld_bij")
            .annotate(n=Count("pk"))
        ):
            r = rij(p_id, i_id)
            if status == telregels.GETELD:
                r["geteld"] += n
            else:
                r["categorieen"][_categorie(status, geteld_bij, codes[p_id])] += n
    for r in rijen.values():
        r["instituut"] = instituten.get(r["instituut_id"], "")
        beslist = r["geteld"] + sum(r["categorieen"].values())
        r["categorieen"]["nog_niet_geteld"] = r["aangeleverd"] - beslist
        r["categorieen"] = {c: r["categorieen"].get(c, 0) for c, _t in CATEGORIEEN}
        if r["opgave"] is not None:
            r["categorieen"]["niet_aangeleverd"] = r["opgave"] - r["aangeleverd"]
            r["verschil"] = r["opgave"] - r["geteld"]
        else:
            # Without the institute's figure nothing is known of what it did not deliver.
            r["categorieen"]["niet_aangeleverd"] = None
            r["verschil"] = None
    return {
        "telling": snapshot,
        "rijen": sorted(rijen.values(), key=lambda r: (r["partnerschap"], r["instituut"])),
    }


def verschil_uitleg(rij: dict) -> list[tuple[str, int]]:
    """The categories with a non-zero number, as (text, number), in their fixed order."""
    return [(CATEGORIE_TEKST[c], n) for c, n in rij["categorieen"].items() if n]
