"""What a count is of: the Regeling's parameters for a school year and the SHA-256
fingerprint of the input a count reads. A current snapshot either has the fingerprint
of the input as it is now, or is marked stale (the invariant of docs/architectuur.md,
"Het schrijfpad")."""

from __future__ import annotations

import hashlib
import json
from functools import reduce
from operator import attrgetter, xor

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


def basis_afdruk(*, schooljaar: int, invoer: dict, parameters: dict) -> str:
    """SHA-256 over what a count of `schooljaar` reads besides the placements: the
    Regeling's parameters; the memberships of vestigingen clipped to the school year
    (rule 2c looks at days inside it only); the codes of all partnerships and regions
    (each gets a row, if only with zeros); what lies behind a placement's keys, which its
    own digest does not cover (selectors.codes_afdruk: codes, a vestiging's region and
    sector). A change of any of these asks for a full recount anyway."""
    begin, einde = schooljaar_begin(schooljaar), schooljaar_einde(schooljaar)
    h = hashlib.sha256()
    h.update(json.dumps(parameters, sort_keys=True).encode())
    geknipt = sorted(
        (lid.partnerschap, lid.vestiging, max(lid.startdatum, begin), min(lid.einddatum, einde))
        for lid in (
            lid._replace(einddatum=lid.einddatum or einde) for lid in invoer["lidmaatschappen"]
        )
        if lid.startdatum <= einde and lid.einddatum >= begin
    )
    for partnerschap, vestiging, start, eind in geknipt:
        h.update(f"L|{partnerschap}|{vestiging}|{start}|{eind}\n".encode())
    h.update(("C|" + ",".join(sorted(invoer["partnerschap_codes"])) + "\n").encode())
    h.update(("R|" + ",".join(sorted(invoer["regio_codes"])) + "\n").encode())
    h.update(f"K|{selectors.codes_afdruk()}\n".encode())
    return h.hexdigest()


def plaatsingen_afdruk(plaatsingen) -> int:
    """The placements' part: the XOR of their digests (models.PlaatsingAfdruk: id, the
    keys of its partnership, vestiging and instituut, student and person keys, type,
    dates). Order does not matter, and one placement's change is two XORs."""
    return reduce(xor, map(attrgetter("afdruk"), plaatsingen), 0)


def samengesteld(basis: str, plaatsingen: int) -> str:
    """The fingerprint from its two parts (both stored on the snapshot)."""
    return hashlib.sha256(f"{basis}|{plaatsingen}".encode()).hexdigest()


def vingerafdruk(*, schooljaar: int, invoer: dict, parameters: dict) -> str:
    """SHA-256 over exactly what a count of `schooljaar` reads, so that a change that
    cannot alter it leaves the fingerprint alone: basis_afdruk and plaatsingen_afdruk."""
    return samengesteld(
        basis_afdruk(schooljaar=schooljaar, invoer=invoer, parameters=parameters),
        plaatsingen_afdruk(invoer["plaatsingen"]),
    )


def actuele_vingerafdruk(schooljaar: int, regeling: Regeling | None = None) -> str:
    """The fingerprint a count of this school year would have now (the invariant: a
    current snapshot has this fingerprint, or is marked stale)."""
    regeling = regeling or selectors.regeling_voor(schooljaar)
    return vingerafdruk(
        schooljaar=schooljaar,
        invoer=selectors.telling_invoer(schooljaar),
        parameters=parameters_json(regeling_parameters(regeling, schooljaar)),
    )
