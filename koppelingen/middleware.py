from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from . import services


class ApiGebruikMiddleware:
    """Records every request that named an existing API key, with its answer (401 for a
    revoked or expired key included): the institute and the beheerder can see who used
    a key, when and for what. Path and status only; never the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antwoord = self.get_response(request)
        sleutel = getattr(request, "api_sleutel", None)
        if sleutel is not None:
            ip = request.META.get("REMOTE_ADDR")
            try:
                validate_ipv46_address(ip)
            except ValidationError:
                ip = None
            services.api_gebruik_vastleggen(
                sleutel=sleutel,
                methode=request.method,
                pad=request.path,
                status=antwoord.status_code,
                ip=ip,
            )
        return antwoord
