"""Django admin for beheerders: regelingen can be edited here too; counts, placements and
reports are read-only (they change only through their services)."""

from django.contrib import admin

from regio_portal.core.admin import PriveBestandenAdmin

from . import services
from .models import Plaatsing, Regeling, TellingSnapshot, Verantwoording


@admin.register(Regeling)
class RegelingAdmin(admin.ModelAdmin):
    list_display = ["code", "naam", "eerste_schooljaar", "laatste_schooljaar", "status"]

    def save_model(self, request, obj, form, change):
        # Through the service: the counts of its school years follow.
        services.regeling_opslaan(regeling=obj, door=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # counts and reports keep pointing at it (PROTECT)


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plaatsing)
class PlaatsingAdmin(AlleenLezen):
    list_display = [
        "schooljaar",
        "partnerschap",
        "vestiging",
        "instituut",
        "opleidingstype",
        "startdatum",
    ]
    list_filter = ["schooljaar", "opleidingstype"]
    list_select_related = ["partnerschap", "vestiging", "instituut"]
    # Names and numbers stay out of the list; the person keys out of everything.
    exclude = ["student_sleutel", "persoon_sleutel"]


@admin.register(TellingSnapshot)
class TellingSnapshotAdmin(AlleenLezen):
    list_display = ["schooljaar", "regeling", "berekend_op", "actueel", "verouderd"]
    list_filter = ["schooljaar", "actueel"]


@admin.register(Verantwoording)
class VerantwoordingAdmin(PriveBestandenAdmin, AlleenLezen):
    list_display = ["__str__", "status", "vastgesteld_door", "vastgesteld_op"]
    list_filter = ["schooljaar", "status", "soort"]
