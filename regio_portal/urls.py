from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from koppelingen.api import api
from regio_portal.dashboard import views as dashboard

# The Django admin has no login of its own: allauth's login (rate limits, MFA) guards it.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", dashboard.start, name="start"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/django/", admin.site.urls),
    path("", include("regio_portal.core.urls")),
    path("", include("partnerschappen.urls")),
    path("", include("subsidie.urls")),
    path("", include("kwaliteit.urls")),
    path("", include("peer_review.urls")),
    path("", include("regio_portal.dashboard.urls")),
    path("", include("koppelingen.urls")),
    path("", include("regio_portal.samenwerking.urls")),
    path("api/v1/", api.urls),
]
