"""What a count is of: the Regeling's parameters for a school year and the SHA-256
fingerprint of the input a count reads. A current snapshot either has the fingerprint
of the input as it is now, or is marked stale (the invariant of docs/architectuur.md,
"Het schrijfpad")."""

from __future__ import annotations

import hashlib
import json

from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde

from . import selectors, telregels
from .models import Regeling


def regeling_parameters(regeling: Regeling, schooljaar: int) -> telregels.RegelingParameters:
    return telregels.RegelingParameters(
        code=regeling.code,
        peildatum=regeling.peildatum(schooljaar),
        getelde_typen=frozenset(regeling.getelde_typen),
        minimum_dagen=regeling.minimum_dagen,
        vaste_voet=regeling.vaste_voet,
        bedrag_per_student=regeling.bedrag_per_student,
        bedrag_per_zij_instromer=regeling.bedrag_per_zij_instromer,
        minimum_per_partnerschap=regeling.minimum_per_partnerschap,
        minimum_per_regio=regeling.minimum_per_regio,
        budgetplafond=regeling.budgetplafond,
        voorlopig=regeling.voorlopig,
    )


def parameters_json(p: telregels.RegelingParameters) -> dict:
    return {
        "code": p.code,
        "peildatum": p.peildatum.isoformat(),
        "getelde_typen": sorted(p.getelde_typen),
        "minimum_dagen": p.minimum_dagen,
        "vaste_voet": str(p.vaste_voet),
        "bedrag_per_student": str(p.bedrag_per_student),
        "bedrag_per_zij_instromer": str(p.bedrag_per_zij_instromer),
        "minimum_per_partnerschap": p.minimum_per_partnerschap,
        "minimum_per_regio": p.minimum_per_regio,
        "budgetplafond": str(p.budgetplafond) if p.budgetplafond is not None else None,
        "voorlopig": p.voorlopig,
    }


def vingerafdruk(*, schooljaar: int, invoer: dict, sectoren: dict, parameters: dict) -> str:
    """SHA-256 over exactly what a count of `schooljaar` reads, so that a change that
    cannot alter it leaves the fingerprint alone: the Regeling's parameters; the
    placements; the memberships of vestigingen clipped to the school year (rule 2c looks
    at days inside it only); region and sector of the vestigingen that have placements;
    the codes of all partnerships and regions (each gets a row, if only with zeros)."""
    begin, einde = schooljaar_begin(schooljaar), schooljaar_einde(schooljaar)
    h = hashlib.sha256()
    h.update(json.dumps(parameters, sort_keys=True).encode())
    for p in sorted(invoer["plaatsingen"], key=lambda p: p.id):
        h.update(
            f"P|{p.id}|{p.partnerschap}|{p.vestiging}|{p.instituut}|{p.student_sleutel}|"
            f"{p.persoon_sleutel}|{p.opleidingstype}|{p.startdatum}|{p.einddatum}\n".encode()
        )
    geknipt = sorted(
        (lid.partnerschap, lid.vestiging, max(lid.startdatum, begin), min(lid.einddatum, einde))
        for lid in (
            lid._replace(einddatum=lid.einddatum or einde) for lid in invoer["lidmaatschappen"]
        )
        if lid.startdatum <= einde and lid.einddatum >= begin
    )
    for partnerschap, vestiging, start, eind in geknipt:
        h.update(f"L|{partnerschap}|{vestiging}|{start}|{eind}\n".encode())
    regio = invoer["regio_van_vestiging"]
    for code in sorted({p.vestiging for p in invoer["plaatsingen"]}):
        h.update(f"V|{code}|{regio.get(code)}|{sectoren.get(code)}\n".encode())
    h.update(("C|" + ",".join(sorted(invoer["partnerschap_codes"])) + "\n").encode())
    h.update(("R|" + ",".join(sorted(invoer["regio_codes"])) + "\n").encode())
    return h.hexdigest()


def actuele_vingerafdruk(schooljaar: int, regeling: Regeling | None = None) -> str:
    """The fingerprint a count of this school year would have now (the invariant: a
    current snapshot has this fingerprint, or is marked stale)."""
    regeling = regeling or selectors.regeling_voor(schooljaar)
    return vingerafdruk(
        schooljaar=schooljaar,
        invoer=selectors.telling_invoer(schooljaar),
        sectoren=selectors.sector_van_vestiging(),
        parameters=parameters_json(regeling_parameters(regeling, schooljaar)),
    )
