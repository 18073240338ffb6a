"""Response headers every page gets (ASVS 14.4), beside Django's SecurityMiddleware
(HSTS, nosniff, Referrer-Policy, COOP) and django-csp (Content-Security-Policy).

- `Cache-Control: no-store` on every dynamic response: almost every page of a logged-in
  user shows personal data (names, e-mail addresses, placements), and downloads do too;
  a browser or proxy must not keep a copy. Static files (WhiteNoise, before this
  middleware) keep their long cache headers; a view that sets its own Cache-Control
  keeps it.
- `Permissions-Policy`: the portal uses no camera, microphone, location or payment.
- The Django admin (a tool for beheerders, not the portal itself) renders a few inline
  `<style>` blocks; for its pages only, the CSP allows inline *styles*. Scripts stay
  'self' everywhere (seen in Chromium: no violations on admin pages after this).
"""

from functools import cache

from django.urls import reverse
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


@cache
def _admin_pad() -> str:
    return reverse("admin:index")


class KopregelsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antwoord = self.get_response(request)
        if request.path.startswith(_admin_pad()):
            antwoord._csp_update = {"style-src": ["'unsafe-inline'"]}
        if not antwoord.has_header("Cache-Control"):
            add_never_cache_headers(antwoord)
        antwoord.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return antwoord
