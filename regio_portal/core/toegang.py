"""Access plumbing every app uses. Object-level helpers live in each app's selectors."""

from django.core.exceptions import PermissionDenied


def is_beheerder(gebruiker) -> bool:
    """Beheerders are superusers; partnerschappen.services keeps that flag in step with
    the beheerder role."""
    return bool(gebruiker.is_authenticated and gebruiker.is_active and gebruiker.is_superuser)


def vereist_beheerder(gebruiker) -> None:
    if not is_beheerder(gebruiker):
        raise PermissionDenied("Alleen voor beheerders.")
