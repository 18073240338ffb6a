from django.urls import path

from . import views

app_name = "peer_review"

urlpatterns = [
    path("peer-review/", views.cycli, name="cycli"),
    path("peer-review/<int:pk>/", views.cyclus, name="cyclus"),
    path("peer-review/<int:pk>/regels/", views.cyclus_bewerken, name="cyclus_bewerken"),
    path("peer-review/<int:pk>/voorstellen/", views.voorstellen, name="voorstellen"),
    path("peer-review/<int:pk>/paarregel/", views.paarregel, name="paarregel"),
    path("peer-review/voorstel/<int:pk>/goedkeuren/", views.goedkeuren, name="goedkeuren"),
    path("peer-review/review/<int:pk>/", views.review, name="review"),
    path("peer-review/review/<int:pk>/voorbereiden/", views.voorbereiden, name="voorbereiden"),
    path("peer-review/review/<int:pk>/uitnodiging.ics", views.ics, name="ics"),
    path("peer-review/review/<int:pk>/panellid/", views.panellid, name="panellid"),
    path("peer-review/review/<int:pk>/verslag/", views.verslag_uploaden, name="verslag_uploaden"),
    path(
        "peer-review/review/<int:pk>/verslag.pdf", views.verslag_download, name="verslag_download"
    ),
    path("peer-review/review/<int:pk>/stap/", views.stap, name="stap"),
    path("peer-review/review/<int:pk>/bewijs/<uuid:uuid>/", views.bewijs, name="bewijs"),
]
