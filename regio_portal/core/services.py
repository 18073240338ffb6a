"""Writes shared by every app: validate, save in a transaction, audited with the actor."""

from __future__ import annotations

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import models, transaction


def object_opslaan(*, obj: models.Model, door) -> models.Model:
    """Validate (full_clean) and save `obj` in a transaction.

    Side effects: one row written; an audit-log entry with `door` as actor.
    Raises ValidationError (nothing written) when the object is invalid.
    """
    obj.full_clean()
    with audit_actor(door), transaction.atomic():
        obj.save()
    return obj


def object_verwijderen(*, obj: models.Model, door) -> None:
    """Delete `obj` in a transaction. Side effects: the delete; an audit-log entry."""
    with audit_actor(door), transaction.atomic():
        obj.delete()


def samenvatting_vastleggen(obj: models.Model, *, veld: str, tekst: str) -> None:
    """One audit entry on `obj` that sums up a bulk write django-auditlog does not see
    (bulk_create, plain DELETEs): numbers only, never personal data. The actor is the
    one of the surrounding `audit_actor`."""
    LogEntry.objects.log_create(
        obj, action=LogEntry.Action.UPDATE, changes={veld: ["", tekst]}, force_log=True
    )


class Opdrachtregel:
    """The acting party for `manage.py` commands run by an operator without --door:
    full rights, no user row. The audit log then records no actor (remote: cli)."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    is_staff = True
    email = "opdrachtregel"

    def __str__(self):
        return "opdrachtregel"


def echte_gebruiker(door):
    """`door` when it is a user row (for foreign keys), None for the command line."""
    return door if isinstance(door, models.Model) else None


def audit_actor(door):
    """Context manager that makes `door` the audit-log actor (if it is a real user)."""
    if isinstance(door, models.Model):
        return set_actor(door)
    return set_actor(None, remote_addr="127.0.0.1")
