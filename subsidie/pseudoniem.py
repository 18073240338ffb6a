"""Keyed hashes for person keys and the validation of persoonsgebonden nummers."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def sleutel(*delen: str) -> str:
    """HMAC-SHA256 (hex) of the parts with settings.PSEUDONIEM_SLEUTEL."""
    geheim = settings.PSEUDONIEM_SLEUTEL.encode()
    if not geheim:
        raise RuntimeError("PSEUDONIEM_SLEUTEL ontbreekt.")
    return hmac.new(geheim, "\x1f".join(delen).encode(), hashlib.sha256).hexdigest()


def student_sleutel(instituut: str, studentnummer: str) -> str:
    return sleutel("student", instituut.upper(), studentnummer.strip())


def persoon_sleutel(persoonsnummer: str) -> str:
    return sleutel("persoon", persoonsnummer.strip()) if persoonsnummer else ""


def controleer_persoonsnummer(nummer: str) -> str | None:
    """None if valid, else a Dutch message. Valid: 9 digits, a BSN passing the elfproef
    (9·d1 + … + 2·d8 − d9 divisible by 11) or an onderwijsnummer (starts with 10, the same
    weighted sum leaves remainder 5)."""
    if len(nummer) != 9 or not nummer.isdigit():
        return "moet 9 cijfers zijn"
    cijfers = [int(c) for c in nummer]
    som = sum(g * c for g, c in zip(range(9, 1, -1), cijfers[:8], strict=True)) - cijfers[8]
    if som % 11 == 0:
        return None
    if nummer.startswith("10") and som % 11 == 5:
        return None
    return "is geen geldig BSN of onderwijsnummer (elfproef)"
