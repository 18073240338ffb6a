from django.urls import path

from . import gezondheid, info, views

app_name = "core"

urlpatterns = [
    path("importeren/", views.import_start, name="import_start"),
    path(
        "importeren/sjabloon/<slug:soort>.<slug:formaat>",
        views.import_sjabloon,
        name="import_sjabloon",
    ),
    path("importeren/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("importeren/<uuid:pk>/bevestigen/", views.import_bevestig, name="import_bevestig"),
    path("gezondheid", gezondheid.gezondheid, name="gezondheid"),
    path("beheer/audit/", views.audit_lijst, name="audit"),
    path("beheer/inzage/", views.inzage_lijst, name="inzage"),
    path("privacy/", info.privacy, name="privacy"),
    path("toegankelijkheid/", info.toegankelijkheid, name="toegankelijkheid"),
    path("contact/", info.contact, name="contact"),
    path("hulp/", info.hulp, name="hulp"),
    path("hulp/<slug:onderwerp>/", info.hulp_onderwerp, name="hulp_onderwerp"),
]
