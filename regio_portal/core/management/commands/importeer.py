"""python manage.py importeer KIND FILE [--partnerschap CODE] [--dry-run] [--vervang]
[--max-mb N]

The same code path as the upload page. Exit 0 with a one-line summary, or 1 with every
row error and nothing written. The file is read as a stream (placements DEEL rows at a
time), so memory stays flat with its size; a file over IMPORT_MAX_MB_OPDRACHTREGEL
(default 500 MB) is refused unless --max-mb raises the limit.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from regio_portal.core.importeren import IMPORT_SOORTEN, importeer
from regio_portal.core.services import Opdrachtregel


class Command(BaseCommand):
    help = "Importeer een CSV- of XLSX-bestand (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("soort", help="soort gegevens: " + ", ".join(sorted(IMPORT_SOORTEN)))
        parser.add_argument("bestand", type=Path)
        parser.add_argument("--partnerschap", help="beperk tot dit partnerschap (code)")
        parser.add_argument("--dry-run", action="store_true", help="controleer alleen")
        parser.add_argument(
            "--vervang", action="store_true", help="vervang de plaatsingen van het schooljaar"
        )
        parser.add_argument("--door", help="e-mailadres van de gebruiker namens wie u importeert")
        parser.add_argument(
            "--max-mb",
            type=int,
            default=settings.IMPORT_MAX_MB_OPDRACHTREGEL,
            help="weiger een groter bestand (megabytes; standaard %(default)s)",
        )

    def handle(
        self, *args, soort, bestand, partnerschap, dry_run, vervang, door, max_mb, **options
    ):
        if soort not in IMPORT_SOORTEN:
            raise CommandError(
                f"Onbekende soort '{soort}'. Kies uit: {', '.join(sorted(IMPORT_SOORTEN))}."
            )
        import_soort = IMPORT_SOORTEN[soort]
        if vervang and not import_soort.ondersteunt_vervang:
            raise CommandError(f"--vervang geldt niet voor {soort}.")
        if not bestand.is_file():
            raise CommandError(f"Bestand {bestand} bestaat niet.")
        grootte = bestand.stat().st_size
        if grootte > max_mb * 1024 * 1024:
            raise CommandError(
                f"Het bestand is {grootte / (1024 * 1024):.0f} MB; de grens is {max_mb} MB. "
                "Hoort het zo groot te zijn, geef dan een hogere grens met --max-mb."
            )
        gebruiker = Opdrachtregel()
        if door:
            gebruiker = get_user_model().objects.filter(email=door.lower(), is_active=True).first()
            if gebruiker is None:
                raise CommandError(f"Geen actieve gebruiker met e-mailadres {door}.")
        if not import_soort.mag_importeren(gebruiker):
            raise CommandError(f"{gebruiker} mag geen {soort} importeren.")
        opties = {k: v for k, v in {"partnerschap": partnerschap, "vervang": vervang}.items() if v}
        # The command prints no preview of the count: its dry run skips computing it.
        resultaat = importeer(
            soort=soort,
            inhoud=bestand,
            door=gebruiker,
            dry_run=dry_run,
            opties={**opties, "effect": False},
        )
        if resultaat.fouten:
            for fout in resultaat.fouten:
                self.stderr.write(fout)
            self.stderr.write(f"{len(resultaat.fouten)} fout(en); er is niets opgeslagen.")
            raise SystemExit(1)
        voorvoegsel = "controle (niets opgeslagen): " if dry_run else ""
        self.stdout.write(f"{voorvoegsel}{soort}: {resultaat.samenvatting()}")
