"""iCalendar (RFC 5545) files for one event: a peer-review visit (a whole day) or a
regional meeting (a time span), one helper so the escaping is written once."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone

BS = "\\"


def _tekst(s: str) -> str:
    """RFC 5545 escaping of backslash, ; , and newlines."""
    return (
        s.replace(BS, BS + BS).replace(";", BS + ";").replace(",", BS + ",").replace("\n", BS + "n")
    )


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_inhoud(
    *,
    uid: str,
    titel: str,
    omschrijving: str = "",
    begin: dt.date | dt.datetime,
    eind: dt.date | dt.datetime,
    locatie: str = "",
    product: str = "Regio Portal",
    geannuleerd: bool = False,
) -> str:
    """One VEVENT. Dates give a whole-day event (eind exclusive), datetimes a span in UTC.
    `geannuleerd`: the same UID as a cancellation (METHOD:CANCEL, STATUS:CANCELLED, a
    higher SEQUENCE), so a calendar that imported the event removes it."""
    if isinstance(begin, dt.datetime):
        tijden = [f"DTSTART:{_utc(begin)}", f"DTEND:{_utc(eind)}"]
    else:
        tijden = [f"DTSTART;VALUE=DATE:{begin:%Y%m%d}", f"DTEND;VALUE=DATE:{eind:%Y%m%d}"]
    regels = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Regio Portal//{product}//NL",
        *(["METHOD:CANCEL"] if geannuleerd else []),
        "BEGIN:VEVENT",
        f"UID:{uid}",
        *(["STATUS:CANCELLED", "SEQUENCE:1"] if geannuleerd else []),
        f"DTSTAMP:{_utc(timezone.now())}",
        *tijden,
        f"SUMMARY:{_tekst(titel)}",
    ]
    if omschrijving:
        regels.append(f"DESCRIPTION:{_tekst(omschrijving)}")
    if locatie:
        regels.append(f"LOCATION:{_tekst(locatie)}")
    regels += ["END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(regels)


def ics_antwoord(inhoud: str, bestandsnaam: str) -> HttpResponse:
    antwoord = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return antwoord
