from django.urls import path

from . import views

app_name = "koppelingen"

urlpatterns = [
    path("koppelingen/sleutels/", views.sleutels, name="sleutels"),
    path("koppelingen/sleutels/nieuw/", views.sleutel_nieuw, name="sleutel_nieuw"),
    path("koppelingen/sleutels/<int:pk>/", views.sleutel_detail, name="sleutel_detail"),
    path(
        "koppelingen/sleutels/<int:pk>/intrekken/",
        views.sleutel_intrekken,
        name="sleutel_intrekken",
    ),
]
