"""Session time limits, enforced on the server (a cookie's expiry is only a hint):

- idle: `SESSIE_INACTIEF_MAX` seconds without a request ends the session (default 30 min);
- absolute: `SESSIE_ABSOLUUT_MAX` seconds after the first request of the session it ends
  whatever happens (default 12 h).

Both clocks start at login (signal `user_logged_in`); the last-seen time is written at
most once a minute, so a busy page does not write the
session on every request. A deactivated user is anonymous on the next request already:
the authentication backend refuses inactive users when it loads the session's user.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

BEGIN = "_sessie_begin"
LAATST = "_sessie_laatst"
SCHRIJF_INTERVAL = 60


def stempel_bij_aanmelden(sender, request, user, **kwargs):
    """Start both clocks at login, in the write the login does anyway."""
    if request is not None and hasattr(request, "session"):
        nu = int(time.time())
        request.session[BEGIN] = nu
        request.session[LAATST] = nu


class SessieTijdslimietMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = int(time.time())
            sessie = request.session
            begin = sessie.get(BEGIN, nu)
            laatst = sessie.get(LAATST, nu)
            if nu - begin > settings.SESSIE_ABSOLUUT_MAX:
                uren = settings.SESSIE_ABSOLUUT_MAX // 3600
                return self._afmelden(
                    request,
                    _("U bent na %(uren)d uur automatisch afgemeld. Meld u opnieuw aan.")
                    % {"uren": uren},
                )
            if nu - laatst > settings.SESSIE_INACTIEF_MAX:
                minuten = settings.SESSIE_INACTIEF_MAX // 60
                return self._afmelden(
                    request,
                    _(
                        "U bent afgemeld omdat u %(minuten)d minuten niets hebt gedaan. "
                        "Meld u opnieuw aan."
                    )
                    % {"minuten": minuten},
                )
            if BEGIN not in sessie:
                sessie[BEGIN] = nu
            if LAATST not in sessie or nu - laatst >= SCHRIJF_INTERVAL:
                sessie[LAATST] = nu
        return self.get_response(request)

    @staticmethod
    def _afmelden(request, melding: str):
        logout(request)  # flushes the session; the message goes into the new one
        messages.info(request, melding)
        antwoord = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(antwoord["Location"])
        return antwoord
