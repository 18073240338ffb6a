from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Gebruiker, Importbestand


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
class ImportbestandAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "soort", "status", "geupload_door", "aangemaakt"]
    list_filter = ["soort", "status"]
    readonly_fields = [f.name for f in Importbestand._meta.fields]

    def has_add_permission(self, request):
        return False
