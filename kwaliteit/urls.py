from django.urls import path

from . import views

app_name = "kwaliteit"

urlpatterns = [
    path("partnerschappen/<str:code>/kwaliteit/", views.overzicht, name="overzicht"),
    path(
        "partnerschappen/<str:code>/kwaliteit/<int:jaar>/",
        views.zelfevaluatie,
        name="zelfevaluatie",
    ),
    path(
        "partnerschappen/<str:code>/kwaliteit/<int:jaar>/indienen/", views.indienen, name="indienen"
    ),
    path(
        "partnerschappen/<str:code>/kwaliteit/<int:jaar>/heropenen/",
        views.heropenen,
        name="heropenen",
    ),
    path("partnerschappen/<str:code>/kwaliteit/<int:jaar>/pdf/", views.pdf, name="pdf"),
    path(
        "partnerschappen/<str:code>/kwaliteit/<int:jaar>/bewijs/",
        views.bewijs_toevoegen,
        name="bewijs_toevoegen",
    ),
    path("bewijs/<uuid:uuid>/", views.bewijs_download, name="bewijs_download"),
    path("bewijs/<uuid:uuid>/verwijderen/", views.bewijs_verwijderen, name="bewijs_verwijderen"),
    path(
        "partnerschappen/<str:code>/ontwikkelpunten/toevoegen/",
        views.ontwikkelpunt_toevoegen,
        name="ontwikkelpunt_toevoegen",
    ),
    path(
        "partnerschappen/<str:code>/ontwikkelpunten/<int:pk>/",
        views.ontwikkelpunt_bewerken,
        name="ontwikkelpunt_bewerken",
    ),
    path("regios/<str:code>/kwaliteit/", views.regio, name="regio"),
    path("beheer/kaders/", views.kaders, name="kaders"),
    path("beheer/kaders/<int:pk>/", views.kader, name="kader"),
    path("beheer/kaders/<int:pk>/export/", views.kader_export, name="kader_export"),
    path("beheer/kaders/<int:pk>/publiceren/", views.kader_publiceren, name="kader_publiceren"),
    path(
        "beheer/kaders/<int:pk>/nieuwe-versie/",
        views.kader_nieuwe_versie,
        name="kader_nieuwe_versie",
    ),
]
