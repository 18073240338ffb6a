from django.urls import path

from . import views

app_name = "partnerschappen"

urlpatterns = [
    path("partnerschappen/", views.partnerschap_lijst, name="lijst"),
    path("partnerschappen/<str:code>/", views.partnerschap_detail, name="detail"),
    path("partnerschappen/<str:code>/bewerken/", views.partnerschap_bewerken, name="bewerken"),
    path("partnerschappen/<str:code>/uitnodigen/", views.uitnodigen, name="uitnodigen"),
    path("partnerschappen/<str:code>/leden/toevoegen/", views.lid_toevoegen, name="lid_toevoegen"),
    path(
        "partnerschappen/<str:code>/leden/<int:pk>/bewerken/",
        views.lid_bewerken,
        name="lid_bewerken",
    ),
    path(
        "partnerschappen/<str:code>/leden/<int:pk>/verwijderen/",
        views.lid_verwijderen,
        name="lid_verwijderen",
    ),
    path(
        "partnerschappen/<str:code>/contacten/toevoegen/",
        views.contact_toevoegen,
        name="contact_toevoegen",
    ),
    path(
        "partnerschappen/<str:code>/contacten/<int:pk>/bewerken/",
        views.contact_bewerken,
        name="contact_bewerken",
    ),
    path(
        "partnerschappen/<str:code>/contacten/<int:pk>/verwijderen/",
        views.contact_verwijderen,
        name="contact_verwijderen",
    ),
    path(
        "partnerschappen/<str:code>/overeenkomsten/toevoegen/",
        views.overeenkomst_toevoegen,
        name="overeenkomst_toevoegen",
    ),
    path(
        "partnerschappen/<str:code>/overeenkomsten/<int:pk>/",
        views.overeenkomst_download,
        name="overeenkomst_download",
    ),
    path(
        "partnerschappen/<str:code>/overeenkomsten/<int:pk>/verwijderen/",
        views.overeenkomst_verwijderen,
        name="overeenkomst_verwijderen",
    ),
    path("regios/", views.regio_lijst, name="regio_lijst"),
    path("regios/<str:code>/", views.regio_detail, name="regio_detail"),
    path("besturen/", views.bestuur_lijst, name="bestuur_lijst"),
    path("besturen/<str:nummer>/", views.bestuur_detail, name="bestuur_detail"),
    path("vestigingen/", views.vestiging_lijst, name="vestiging_lijst"),
    path("beheer/gebruikers/", views.gebruiker_lijst, name="gebruiker_lijst"),
    path("beheer/gebruikers/uitnodigen/", views.gebruiker_uitnodigen, name="gebruiker_uitnodigen"),
    path("beheer/rollen/<int:pk>/intrekken/", views.rol_intrekken, name="rol_intrekken"),
]
