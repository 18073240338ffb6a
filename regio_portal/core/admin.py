from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst

from .models import Gebruiker, Importbestand


class PriveBestandenAdmin:
    """For a ModelAdmin of a model with a private file (media are never served by URL):
    the file shows as its name and size, never as a link, since FieldFile.url raises
    (and gave a 500 on every change page). Downloads go through the portal's own views,
    which check access and log it. The file itself is written only by the app's
    services, so in the admin it is read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bestandsvelden = {
            f.name: f for f in self.model._meta.fields if isinstance(f, models.FileField)
        }
        for naam, veld in self._bestandsvelden.items():
            setattr(self, self._alias(naam), self._weergave(veld))

    @staticmethod
    def _alias(naam: str) -> str:
        return f"{naam}_bestand"

    @staticmethod
    def _weergave(veld):
        def weergave(obj):
            bestand = getattr(obj, veld.name)
            if not bestand:
                return "–"
            try:
                grootte = f" ({filesizeformat(bestand.size)})"
            except OSError:
                grootte = " (ontbreekt op schijf)"
            return f"{bestand.name}{grootte}; te downloaden in de portal"

        weergave.short_description = capfirst(veld.verbose_name)
        return weergave

    def _vervang(self, namen) -> list:
        uit = []
        for naam in namen:
            naam = self._alias(naam) if naam in self._bestandsvelden else naam
            if naam not in uit:
                uit.append(naam)
        return uit

    def get_fields(self, request, obj=None):
        return self._vervang(super().get_fields(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return self._vervang([*super().get_readonly_fields(request, obj), *self._bestandsvelden])


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "naam"]
    fieldsets = [
        (None, {"fields": ["email", "naam", "password"]}),
        (
            "Status",
            {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "naam", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined", "is_staff", "is_superuser"]
    filter_horizontal = []
    list_filter = ["is_active", "is_superuser"]


@admin.register(Importbestand)
class ImportbestandAdmin(PriveBestandenAdmin, admin.ModelAdmin):
    list_display = ["bestandsnaam", "soort", "status", "geupload_door", "aangemaakt"]
    list_filter = ["soort", "status"]
    readonly_fields = [f.name for f in Importbestand._meta.fields]

    def has_add_permission(self, request):
        return False
