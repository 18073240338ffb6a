from django.core.management.base import BaseCommand

from subsidie.bewaren import bewaartermijn_toepassen


class Command(BaseCommand):
    help = (
        "Verwijdert persoonsgegevens van plaatsingen na de bewaartermijn "
        "(BEWAARTERMIJN_SCHOOLJAREN); vastgestelde verantwoordingen blijven."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tellen")

    def handle(self, *args, dry_run, **opties):
        uitkomst = bewaartermijn_toepassen(dry_run=dry_run)
        woord = "zou verwijderen" if dry_run else "verwijderd"
        jaar = uitkomst.tot_en_met_schooljaar
        self.stdout.write(
            f"schooljaren t/m {jaar}-{jaar + 1} {woord}: {uitkomst.plaatsingen} plaatsingen, "
            f"{uitkomst.besluiten} telbesluiten, {uitkomst.conceptrapporten} conceptrapporten, "
            f"{uitkomst.importbestanden} importbestanden, {uitkomst.inzagelog} inzageregels"
        )
