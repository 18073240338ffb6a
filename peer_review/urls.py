from django.urls import path

from . import views

app_name = "peer_review"

urlpatterns = [
    path("peer-review/", views.cycli, name="cycli"),
    path("peer-review/<int:pk>/", views.cyclus, name="cyclus"),
    path("peer-review/<int:pk>/voorstellen/", views.voorstellen, name="voorstellen"),
    path("peer-review/<int:pk>/paarregel/", views.paarregel, name="paarregel"),
    path("peer-review/voorstel/<int:pk>/goedkeuren/", views.goedkeuren, name="goedkeuren"),
]
