"""The audit log as a beheerder reads it: model and field labels instead of internal
names, names instead of ids, local time to the minute, no 'nothing changed' lines.

django-auditlog stores each change as text ("goedgekeurd_door": ["None", "2"]); this
module turns a page of entries into display rows with a fixed number of queries (one
per related model that appears on the page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

LEEG = {"", "None", "null", "[]", "{}"}


def _model_label(content_type) -> str:
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else content_type.model


def _tekst(waarde: str, veld) -> str:
    """One stored value in Dutch notation: '–' for nothing, ja/nee, dates as 01-09-2025,
    times local to the minute, choices by their label."""
    if waarde in LEEG:
        return "–"
    if isinstance(veld, models.BooleanField):
        return _("ja") if waarde in ("True", "true", "1") else _("nee")
    if isinstance(veld, models.DateTimeField):
        tijd = parse_datetime(waarde)
        if tijd:
            if timezone.is_naive(tijd):  # django-auditlog stores UTC without an offset
                tijd = tijd.replace(tzinfo=dt.UTC)
            return timezone.localtime(tijd).strftime("%d-%m-%Y %H:%M")
    if isinstance(veld, models.DateField):
        datum = parse_date(waarde[:10])
        if datum:
            return datum.strftime("%d-%m-%Y")
    if getattr(veld, "choices", None):
        return str(dict(veld.choices).get(waarde, waarde))
    return waarde


def _velden(entry):
    model = entry.content_type.model_class()
    for naam, waarden in (entry.changes_dict or {}).items():
        if not isinstance(waarden, list | tuple) or len(waarden) != 2:
            continue  # many-to-many changes have another shape
        try:
            veld = model._meta.get_field(naam) if model else None
        except FieldDoesNotExist:
            veld = None
        if not isinstance(veld, models.Field):
            veld = None  # a reverse relation or a summary key ("plaatsingen": "import: …")
        yield naam, veld, [str(w) if w is not None else "None" for w in waarden]


def auditregels(entries) -> list[dict]:
    """Display rows for a page of LogEntry objects (with actor and content_type)."""
    entries = list(entries)
    # Foreign keys: collect the ids per related model, read their names once each.
    nodig: dict[type, set[str]] = defaultdict(set)
    for e in entries:
        for _naam, veld, waarden in _velden(e):
            if isinstance(veld, models.ForeignKey):
                nodig[veld.related_model].update(w for w in waarden if w not in LEEG)
    namen: dict[type, dict[str, str]] = {}
    for model, ids in nodig.items():
        geldig = (
            [i for i in ids if i.isdigit()]
            if model._meta.pk.get_internal_type()
            in (
                "AutoField",
                "BigAutoField",
                "IntegerField",
            )
            else list(ids)
        )
        namen[model] = {str(o.pk): str(o) for o in model._default_manager.filter(pk__in=geldig)}
    regels = []
    for e in entries:
        wijzigingen = []
        for naam, veld, (oud, nieuw) in _velden(e):
            if isinstance(veld, models.ForeignKey):
                bekend = namen.get(veld.related_model, {})
                voor = (
                    "–" if oud in LEEG else bekend.get(oud, _("verwijderd (%(id)s)") % {"id": oud})
                )
                na = (
                    "–"
                    if nieuw in LEEG
                    else bekend.get(nieuw, _("verwijderd (%(id)s)") % {"id": nieuw})
                )
            else:
                voor, na = _tekst(oud, veld), _tekst(nieuw, veld)
            if voor == na:
                continue  # no change worth reading ("– → –")
            label = capfirst(veld.verbose_name) if veld is not None else naam
            wijzigingen.append({"veld": label, "voor": voor, "na": na})
        object_naam = e.object_repr
        if not object_naam or object_naam.endswith(".None") or object_naam == "None":
            object_naam = f"#{e.object_pk}"
        regels.append(
            {
                "tijd": timezone.localtime(e.timestamp).strftime("%d-%m-%Y %H:%M"),
                "door": e.actor.email if e.actor_id and e.actor else _("systeem"),
                "actie": e.action,
                "model": _model_label(e.content_type),
                "object": object_naam,
                "wijzigingen": wijzigingen,
            }
        )
    return regels
