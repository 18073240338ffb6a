"""Template filters for the portal's Dutch presentation."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template

from regio_portal.core.weergave import lijst_url as _lijst_url

register = template.Library()


@register.filter
def euro(waarde) -> str:
    """'106250.00' -> '€ 106.250,00' (Dutch notation, with a no-break space after the
    sign); empty for nothing."""
    if waarde in (None, ""):
        return ""
    try:
        bedrag = Decimal(str(waarde)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(waarde)
    teken = "-" if bedrag < 0 else ""
    heel, _, cent = f"{abs(bedrag):.2f}".partition(".")
    groepen = []
    while heel:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    # A no-break space: the sign never wraps away from the amount (a narrow table cell).
    return f"€\u00a0{teken}{'.'.join(groepen)},{cent}"


@register.filter
def iso_datum(waarde) -> str:
    """'2025-10-01' (a date as the count's parameters store it) -> '01-10-2025'."""
    try:
        return dt.date.fromisoformat(str(waarde)).strftime("%d-%m-%Y")
    except ValueError:
        return "" if waarde in (None, "") else str(waarde)


@register.filter
def aantal_fouten(form) -> int:
    """How many messages a bound form shows, for the error summary (any Django form,
    allauth's included)."""
    return sum(len(f) for f in form.errors.values())


@register.simple_tag
def lijst_url(naam: str, *args) -> str:
    """`{% url %}` for long lists (core.weergave.lijst_url): the same URL, remembered."""
    return _lijst_url(naam, *args)
