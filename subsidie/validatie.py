"""Checks of a placement shared by the import and the form (one rule, two doors)."""

from __future__ import annotations

import datetime as dt

from regio_portal.core.schooljaar import schooljaar_begin, schooljaar_einde

from .pseudoniem import controleer_persoonsnummer


def plaatsing_fouten(
    *, schooljaar: int, startdatum: dt.date, einddatum: dt.date | None, persoonsnummer: str
) -> dict[str, str]:
    """Dutch messages per field; empty when the placement is valid (formats.md)."""
    fouten: dict[str, str] = {}
    begin, einde = schooljaar_begin(schooljaar), schooljaar_einde(schooljaar)
    label = f"{schooljaar}-{schooljaar + 1}"
    if not begin <= startdatum <= einde:
        fouten["startdatum"] = f"{startdatum:%d-%m-%Y} ligt niet in schooljaar {label}"
    if einddatum and not begin <= einddatum <= einde:
        fouten["einddatum"] = f"{einddatum:%d-%m-%Y} ligt niet in schooljaar {label}"
    elif einddatum and einddatum < startdatum:
        fouten["einddatum"] = "ligt voor de startdatum"
    if persoonsnummer:
        melding = controleer_persoonsnummer(persoonsnummer)
        if melding:
            fouten["persoonsnummer"] = melding
    return fouten
