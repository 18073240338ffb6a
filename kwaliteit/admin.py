"""Django admin: a beheerder edits the texts of a concept framework version here; a
published version is read-only (changes make a new version on the Kwaliteitskaders page)."""

from django.contrib import admin

from .models import Kader, Kenmerk, Waarborg


class AlleenConcept:
    def _gepubliceerd(self, obj) -> bool:
        kader = obj if isinstance(obj, Kader) else getattr(obj, "kader", None)
        return bool(kader and kader.gepubliceerd)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._gepubliceerd(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._gepubliceerd(obj)


class WaarborgInline(AlleenConcept, admin.StackedInline):
    model = Waarborg
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not self._gepubliceerd(obj)


@admin.register(Kader)
class KaderAdmin(AlleenConcept, admin.ModelAdmin):
    list_display = ["naam", "versie", "jaar", "status", "voorbeeldtekst"]
    readonly_fields = ["status", "gepubliceerd_op"]
    inlines = [WaarborgInline]


class KenmerkInline(admin.TabularInline):
    model = Kenmerk
    extra = 0


@admin.register(Waarborg)
class WaarborgAdmin(AlleenConcept, admin.ModelAdmin):
    list_display = ["kader", "code", "titel"]
    list_filter = ["kader"]
    inlines = [KenmerkInline]

    def get_inline_instances(self, request, obj=None):
        # A published framework shows its kenmerken without edit controls.
        return [] if self._gepubliceerd(obj) else super().get_inline_instances(request, obj)
