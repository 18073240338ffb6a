from django.urls import path

from . import views

app_name = "subsidie"

urlpatterns = [
    path(
        "partnerschappen/<str:code>/telling/",
        views.partnerschap_telling,
        name="partnerschap_telling",
    ),
    path("partnerschappen/<str:code>/plaatsingen/", views.plaatsingen, name="plaatsingen"),
    path(
        "partnerschappen/<str:code>/plaatsingen/toevoegen/",
        views.plaatsing_toevoegen,
        name="plaatsing_toevoegen",
    ),
    path(
        "partnerschappen/<str:code>/plaatsingen/vestigingen/",
        views.plaatsing_vestigingen,
        name="plaatsing_vestigingen",
    ),
    path(
        "partnerschappen/<str:code>/plaatsingen/<int:pk>/",
        views.plaatsing_bewerken,
        name="plaatsing_bewerken",
    ),
    path(
        "partnerschappen/<str:code>/plaatsingen/<int:pk>/verwijderen/",
        views.plaatsing_verwijderen,
        name="plaatsing_verwijderen",
    ),
    path(
        "partnerschappen/<str:code>/plaatsingen/schooljaar/<int:jaar>/verwijderen/",
        views.plaatsingen_verwijderen,
        name="plaatsingen_verwijderen",
    ),
    path("regios/<str:code>/telling/", views.regio_telling, name="regio_telling"),
    path(
        "partnerschappen/<str:code>/afstemming/",
        views.afstemming_partnerschap,
        name="afstemming_partnerschap",
    ),
    path("regios/<str:code>/afstemming/", views.afstemming_regio, name="afstemming_regio"),
    path(
        "partnerschappen/<str:code>/verantwoording/",
        views.verantwoording_partnerschap,
        name="verantwoording_partnerschap",
    ),
    path(
        "regios/<str:code>/verantwoording/", views.verantwoording_regio, name="verantwoording_regio"
    ),
    path(
        "verantwoordingen/<uuid:uuid>/vaststellen/",
        views.verantwoording_vaststellen,
        name="verantwoording_vaststellen",
    ),
    path(
        "verantwoordingen/<uuid:uuid>/<str:formaat>/",
        views.verantwoording_download,
        name="verantwoording_download",
    ),
    path("beheer/telling/", views.landelijk, name="landelijk"),
    path("telling/wat-als/", views.wat_als, name="wat_als"),
    path("open-cijfers/", views.open_cijfers, name="open_cijfers"),
    path(
        "open-cijfers/<str:schooljaar>.<str:formaat>",
        views.open_cijfers_download,
        name="open_cijfers_download",
    ),
    path("beheer/open-cijfers/", views.open_cijfers_beheer, name="open_cijfers_beheer"),
    path(
        "beheer/open-cijfers/<str:code>/<str:schooljaar>/vrijgeven/",
        views.open_cijfers_vrijgeven,
        name="open_cijfers_vrijgeven",
    ),
    path("beheer/regelingen/", views.regelingen, name="regelingen"),
    path("beheer/regelingen/<slug:code>/", views.regeling_bewerken, name="regeling_bewerken"),
]
