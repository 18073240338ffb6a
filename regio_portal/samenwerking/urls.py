from django.urls import path

from . import views

app_name = "samenwerking"

urlpatterns = [
    path("bijeenkomsten/", views.bijeenkomsten, name="bijeenkomsten"),
    path("bijeenkomsten/nieuw/", views.bijeenkomst_nieuw, name="bijeenkomst_nieuw"),
    path("bijeenkomsten/<int:pk>/", views.bijeenkomst, name="bijeenkomst"),
    path(
        "bijeenkomsten/<int:pk>/bewerken/", views.bijeenkomst_bewerken, name="bijeenkomst_bewerken"
    ),
    path(
        "bijeenkomsten/<int:pk>/aanmelden/",
        views.bijeenkomst_aanmelden,
        name="bijeenkomst_aanmelden",
    ),
    path(
        "bijeenkomsten/<int:pk>/aanwezigheid/",
        views.bijeenkomst_aanwezigheid,
        name="bijeenkomst_aanwezigheid",
    ),
    path("regios/<str:code>/nog-niet-in/", views.nog_niet_in, name="nog_niet_in"),
    path(
        "regios/<str:code>/nog-niet-in/<str:nummer>/notitie/",
        views.notitie_toevoegen,
        name="notitie_toevoegen",
    ),
    path("regios/<str:code>/afspraken/", views.afspraken, name="afspraken"),
    path("regios/<str:code>/afspraken/nieuw/", views.onderwerp_nieuw, name="onderwerp_nieuw"),
    path(
        "regios/<str:code>/afspraken/<int:pk>/afspraak/",
        views.regionale_afspraak,
        name="regionale_afspraak",
    ),
    path(
        "partnerschappen/<str:code>/afspraken/",
        views.partnerschap_afspraken,
        name="partnerschap_afspraken",
    ),
    path(
        "partnerschappen/<str:code>/afspraken/<int:pk>/",
        views.praktijk_bewerken,
        name="praktijk_bewerken",
    ),
    # Public: the meeting's page (its unguessable key), its .ics and the mails' links.
    path("bijeenkomsten/<uuid:sleutel>/", views.publiek, name="publiek"),
    path("bijeenkomsten/<uuid:sleutel>/agenda.ics", views.publiek_ics, name="publiek_ics"),
    path("bijeenkomsten/bevestigen/<str:teken>/", views.bevestigen, name="bevestigen"),
    path("bijeenkomsten/annuleren/<str:teken>/", views.annuleren, name="annuleren"),
]
