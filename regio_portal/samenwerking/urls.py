from django.urls import path

from . import views, views_routes

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
        "bijeenkomsten/<int:pk>/afzeggen/",
        views.bijeenkomst_afzeggen,
        name="bijeenkomst_afzeggen",
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
    path(
        "partnerschappen/<str:code>/afspraken/<int:pk>/document/",
        views.praktijk_document,
        name="praktijk_document",
    ),
    # Ontwerpprincipes (versions: beheerder; the current one: everyone) and routes.
    path("ontwerpprincipes/", views_routes.principes, name="principes"),
    path("beheer/ontwerpprincipes/", views_routes.principes_versies, name="principes_versies"),
    path(
        "beheer/ontwerpprincipes/<int:pk>/",
        views_routes.principes_versie,
        name="principes_versie",
    ),
    path(
        "beheer/ontwerpprincipes/<int:pk>/export/",
        views_routes.principes_export,
        name="principes_export",
    ),
    path(
        "beheer/ontwerpprincipes/<int:pk>/publiceren/",
        views_routes.principes_publiceren,
        name="principes_publiceren",
    ),
    path(
        "beheer/ontwerpprincipes/<int:pk>/nieuwe-versie/",
        views_routes.principes_nieuwe_versie,
        name="principes_nieuwe_versie",
    ),
    path(
        "partnerschappen/<str:code>/routes/",
        views_routes.partnerschap_routes,
        name="partnerschap_routes",
    ),
    path("regios/<str:code>/routes/", views_routes.regio_routes, name="regio_routes"),
    path("routes/<int:pk>/", views_routes.route, name="route"),
    path("routes/<int:pk>/pdf/", views_routes.route_pdf, name="route_pdf"),
    path("routes/<int:pk>/excel/", views_routes.route_excel, name="route_excel"),
    path("routes/<int:pk>/ambities/nieuw/", views_routes.ambitie, name="ambitie_nieuw"),
    path("routes/<int:pk>/ambities/<int:sub>/", views_routes.ambitie, name="ambitie"),
    path("routes/<int:pk>/analyse/", views_routes.analyse, name="analyse"),
    path("routes/<int:pk>/opties/nieuw/", views_routes.optie, name="optie_nieuw"),
    path("routes/<int:pk>/opties/<int:sub>/", views_routes.optie, name="optie"),
    path(
        "routes/<int:pk>/opties/<int:sub>/kiezen/",
        views_routes.optie_kiezen,
        name="optie_kiezen",
    ),
    path("routes/<int:pk>/acties/nieuw/", views_routes.actie, name="actie_nieuw"),
    path("routes/<int:pk>/acties/<int:sub>/", views_routes.actie, name="actie"),
    path(
        "routes/<int:pk>/<str:soort>/<int:sub>/verwijderen/",
        views_routes.onderdeel_verwijderen,
        name="onderdeel_verwijderen",
    ),
    path("routes/<int:pk>/indienen/", views_routes.indienen, name="route_indienen"),
    path("routes/<int:pk>/opmerking/", views_routes.opmerking, name="route_opmerking"),
    path("routes/<int:pk>/heropenen/", views_routes.heropenen, name="route_heropenen"),
    # Public: the meeting's page (its unguessable key), its .ics and the mails' links.
    path("bijeenkomsten/<uuid:sleutel>/", views.publiek, name="publiek"),
    path("bijeenkomsten/<uuid:sleutel>/agenda.ics", views.publiek_ics, name="publiek_ics"),
    path("bijeenkomsten/bevestigen/<str:teken>/", views.bevestigen, name="bevestigen"),
    path("bijeenkomsten/annuleren/<str:teken>/", views.annuleren, name="annuleren"),
]
