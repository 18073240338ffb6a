from django.core.management.base import BaseCommand

from regio_portal.core.wachtrij import achterstallig_werk_plaatsen


class Command(BaseCommand):
    help = "Zet wachtend werk (imports, tellingen, rapporten, voorstellen) opnieuw in de wachtrij."

    def handle(self, *args, **opties):
        geplaatst = achterstallig_werk_plaatsen()
        self.stdout.write(", ".join(f"{soort}: {aantal}" for soort, aantal in geplaatst.items()))
