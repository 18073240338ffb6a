"""MFA secrets encrypted at rest (ASVS 2.9 / 6.4).

allauth stores the TOTP secret and the recovery-code seed in `mfa_authenticator.data`.
Its adapter offers encrypt/decrypt hooks; we use Fernet (AES-128-CBC + HMAC-SHA256, from
`cryptography`, already a dependency of allauth's MFA) with keys derived from
`settings.MFA_SLEUTELS`. The first key encrypts; every key decrypts, so a key can be
rotated by putting the new one first and running `manage.py mfa_sleutel_roteren`.
A database dump alone therefore never yields a usable second factor.
"""

import base64
import hashlib
from functools import cache

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VOORVOEGSEL = "fernet:"


@cache
def _fernet(sleutels: tuple[str, ...]) -> MultiFernet:
    if not sleutels:
        raise ImproperlyConfigured(
            "MFA_SLEUTEL ontbreekt: TOTP-geheimen kunnen niet versleuteld worden."
        )
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(s.encode()).digest())) for s in sleutels]
    )


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MFA_SLEUTELS))


def versleutel(tekst: str) -> str:
    return VOORVOEGSEL + fernet().encrypt(tekst.encode()).decode()


def ontsleutel(versleuteld: str) -> str:
    if not versleuteld.startswith(VOORVOEGSEL):
        # Never fall back to reading plaintext: a row that was not encrypted is an error.
        raise ValueError("MFA-gegeven is niet versleuteld opgeslagen.")
    try:
        return fernet().decrypt(versleuteld[len(VOORVOEGSEL) :].encode()).decode()
    except InvalidToken as fout:
        raise ValueError("MFA-gegeven kan niet ontsleuteld worden (verkeerde sleutel?).") from fout


def is_versleuteld(waarde) -> bool:
    return isinstance(waarde, str) and waarde.startswith(VOORVOEGSEL)


def versleutel_data(data: dict, *, sleutel_wissel: bool = False) -> tuple[dict, bool]:
    """Encrypt the secret fields of an Authenticator's data (TOTP `secret`, recovery
    `seed` and `migrated_codes`). Returns (data, changed). With sleutel_wissel, already
    encrypted values are re-encrypted with the first key (rotation)."""
    gewijzigd = False
    nieuw = dict(data)

    def behandel(waarde: str) -> str:
        nonlocal gewijzigd
        if is_versleuteld(waarde):
            if not sleutel_wissel:
                return waarde
            waarde = ontsleutel(waarde)
        gewijzigd = True
        return versleutel(waarde)

    for veld in ("secret", "seed"):
        if isinstance(nieuw.get(veld), str):
            nieuw[veld] = behandel(nieuw[veld])
    if isinstance(nieuw.get("migrated_codes"), list):
        nieuw["migrated_codes"] = [behandel(c) for c in nieuw["migrated_codes"]]
    return nieuw, gewijzigd


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return versleutel(text)

    def decrypt(self, encrypted_text: str) -> str:
        return ontsleutel(encrypted_text)
