from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [path("regios/<str:code>/dashboard/", views.regio, name="regio")]
