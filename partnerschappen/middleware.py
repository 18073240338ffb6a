from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import selectors

VRIJ = ("/accounts/", "/static/", "/i18n/", "/gezondheid")


class MfaVerplichtMiddleware:
    """Users with a role that requires MFA reach no page but the account/MFA pages
    until they have set up an authenticator app."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gebruiker = request.user
        if (
            gebruiker.is_authenticated
            and not request.path.startswith(VRIJ)
            and self._verplicht(gebruiker)
            and not get_mfa_adapter().is_mfa_enabled(gebruiker)
        ):
            messages.warning(
                request,
                _(
                    "Voor uw rol is tweestapsverificatie verplicht. Stel eerst een "
                    "authenticator-app in."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _verplicht(gebruiker) -> bool:
        if gebruiker.is_superuser:
            return True
        return bool(
            selectors.actieve_rolsoorten(gebruiker) & set(settings.MFA_VERPLICHT_VOOR_ROLLEN)
        )
