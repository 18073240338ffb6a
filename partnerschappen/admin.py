"""Django admin for beheerders. Writes of roles go through the role services so that
permissions stay in sync; other objects are plain reference data (audited by auditlog)."""

from django.contrib import admin
from import_export import resources
from import_export.admin import ExportMixin

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


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 0


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "landelijk"]
    search_fields = ["code", "naam"]
    inlines = [GemeenteInline]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["nummer", "naam", "regio"]
    list_filter = ["regio"]
    search_fields = ["nummer", "naam"]


@admin.register(Bestuur)
class BestuurAdmin(admin.ModelAdmin):
    list_display = ["nummer", "naam"]
    search_fields = ["nummer", "naam"]


@admin.register(Instituut)
class InstituutAdmin(admin.ModelAdmin):
    list_display = ["code", "naam"]
    search_fields = ["code", "naam"]


class VestigingExportResource(VeiligeExportMixin, resources.ModelResource):
    class Meta:
        model = Vestiging


@admin.register(Vestiging)
class VestigingAdmin(ExportMixin, admin.ModelAdmin):
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
class PartnerschapAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "sector", "status"]
    list_filter = ["sector", "status"]
    search_fields = ["code", "naam"]
    inlines = [LidmaatschapInline, ContactpersoonInline]


@admin.register(Overeenkomst)
class OvereenkomstAdmin(admin.ModelAdmin):
    list_display = ["titel", "partnerschap", "soort", "datum", "geupload_op"]
    readonly_fields = ["bestand", "grootte", "geupload_door", "geupload_op"]


@admin.register(Rol)
class RolAdmin(admin.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.rollen_synchroniseer(gebruiker=obj.gebruiker)

    def delete_model(self, request, obj):
        services.rol_intrekken(rol=obj, door=request.user)

    def delete_queryset(self, request, queryset):
        for rol in queryset:
            services.rol_intrekken(rol=rol, door=request.user)
