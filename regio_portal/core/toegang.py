"""Access plumbing every app uses. Object-level helpers live in each app's selectors."""

from allauth.account.decorators import reauthentication_required
from django.core.exceptions import PermissionDenied


def is_beheerder(gebruiker) -> bool:
    """Beheerders are superusers; partnerschappen.services keeps that flag in step with
    the beheerder role."""
    return bool(gebruiker.is_authenticated and gebruiker.is_active and gebruiker.is_superuser)


def vereist_beheerder(gebruiker) -> None:
    if not is_beheerder(gebruiker):
        raise PermissionDenied("Alleen voor beheerders.")


def vereist_herauthenticatie(request) -> None:
    """Changing who may do what (granting or revoking a role, inviting someone into one)
    asks for the password or a TOTP code again, unless given in the last 5 minutes
    (ASVS 2.x / allauth's reauthentication). Call after the access check, so that
    someone without access still gets 404/403 and never a password prompt. GET shows the
    form; the POST that acts is what needs it. allauth's middleware turns the exception
    into the reauthentication page and replays the POST afterwards."""
    reauthentication_required(lambda _request: None, allow_get=True)(request)


def openbaar(view):
    """Marks a view as open to everyone, anonymous visitors included: only for pages
    without tenant data (statements, help, the health check). The access-matrix test
    lists every such view with 200 for every role."""
    view.openbaar = True
    return view
