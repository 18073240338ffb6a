"""Django admin for beheerders. Every save and delete, also of inline rows, goes through
the same services as the pages and imports (services.py), so that what follows from a
write (a stale count, derived permissions) follows here too."""

from django.contrib import admin
from django.db import models
from import_export import resources
from import_export.admin import ExportMixin

from regio_portal.core.admin import PriveBestandenAdmin
from regio_portal.core.weergave import VeiligeExportMixin

from . import services
from .models import (
    Bestuur,
    Contactpersoon,
    Gemeente,
    Instituut,
    Lidmaatschap,
    Overeenkomst,
    Partnerschap,
    Regio,
    Rol,
    Vestiging,
)


def _via(opslaan, verwijderen, naam: str):
    """The (save, delete) pair of a model's services, called as `service(<naam>=obj,
    door=user)`; opslaan None: the admin cannot add or change it here."""
    return (
        (lambda obj, door: opslaan(**{naam: obj, "door": door})) if opslaan else None,
        lambda obj, door: verwijderen(**{naam: obj, "door": door}),
    )


# Per model: the service that saves a row and the one that deletes it.
DIENSTEN = {
    Regio: _via(services.regio_opslaan, services.regio_verwijderen, "regio"),
    Gemeente: _via(services.gemeente_opslaan, services.gemeente_verwijderen, "gemeente"),
    Bestuur: _via(services.bestuur_opslaan, services.bestuur_verwijderen, "bestuur"),
    Instituut: _via(services.instituut_opslaan, services.instituut_verwijderen, "instituut"),
    Vestiging: _via(services.vestiging_bijwerken, services.vestiging_verwijderen, "vestiging"),
    Partnerschap: _via(
        services.partnerschap_opslaan, services.partnerschap_verwijderen, "partnerschap"
    ),
    Lidmaatschap: _via(
        services.lidmaatschap_opslaan, services.lidmaatschap_verwijderen, "lidmaatschap"
    ),
    Contactpersoon: _via(
        services.contactpersoon_opslaan, services.contactpersoon_verwijderen, "contactpersoon"
    ),
    # Added only on the partnership page (the file is checked there).
    Overeenkomst: _via(None, services.overeenkomst_verwijderen, "overeenkomst"),
    Rol: _via(services.rol_opslaan, services.rol_intrekken, "rol"),
}


class DienstAdmin(admin.ModelAdmin):
    """Saves and deletes, of the object and of its inline rows, through DIENSTEN."""

    # A website typed without a scheme is https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        opslaan = DIENSTEN[type(obj)][0]
        if opslaan is None:
            super().save_model(request, obj, form, change)
        else:
            opslaan(obj, request.user)

    def delete_model(self, request, obj):
        DIENSTEN[type(obj)][1](obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        rijen = formset.save(commit=False)
        for obj in formset.deleted_objects:
            DIENSTEN[type(obj)][1](obj, request.user)
        for obj in rijen:
            DIENSTEN[type(obj)][0](obj, request.user)
        formset.save_m2m()


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 0


@admin.register(Regio)
class RegioAdmin(DienstAdmin):
    list_display = ["code", "naam", "landelijk"]
    search_fields = ["code", "naam"]
    inlines = [GemeenteInline]


@admin.register(Gemeente)
class GemeenteAdmin(DienstAdmin):
    list_display = ["nummer", "naam", "regio"]
    list_filter = ["regio"]
    search_fields = ["nummer", "naam"]


@admin.register(Bestuur)
class BestuurAdmin(DienstAdmin):
    list_display = ["nummer", "naam"]
    search_fields = ["nummer", "naam"]


@admin.register(Instituut)
class InstituutAdmin(DienstAdmin):
    list_display = ["code", "naam"]
    search_fields = ["code", "naam"]


class VestigingExportResource(VeiligeExportMixin, resources.ModelResource):
    class Meta:
        model = Vestiging


@admin.register(Vestiging)
class VestigingAdmin(ExportMixin, DienstAdmin):
    resource_classes = [VestigingExportResource]
    list_display = ["code", "naam", "bestuur", "sector", "regio", "gemeente"]
    list_filter = ["sector", "regio"]
    search_fields = ["code", "naam", "plaats"]
    list_select_related = ["bestuur", "regio"]
    raw_id_fields = ["bestuur"]


class LidmaatschapInline(admin.TabularInline):
    model = Lidmaatschap
    extra = 0
    raw_id_fields = ["vestiging", "instituut"]


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0


@admin.register(Partnerschap)
class PartnerschapAdmin(DienstAdmin):
    list_display = ["code", "naam", "sector", "status"]
    list_filter = ["sector", "status"]
    search_fields = ["code", "naam"]
    inlines = [LidmaatschapInline, ContactpersoonInline]


@admin.register(Overeenkomst)
class OvereenkomstAdmin(PriveBestandenAdmin, DienstAdmin):
    list_display = ["titel", "partnerschap", "soort", "datum", "geupload_op"]
    readonly_fields = ["bestand", "grootte", "geupload_door", "geupload_op"]


@admin.register(Rol)
class RolAdmin(DienstAdmin):
    list_display = [
        "gebruiker",
        "soort",
        "partnerschap",
        "regio",
        "bestuur",
        "geldig_van",
        "geldig_tot",
    ]
    list_filter = ["soort"]
    search_fields = ["gebruiker__email"]
    raw_id_fields = ["gebruiker", "partnerschap", "regio", "bestuur"]
    readonly_fields = ["toegekend_door"]
