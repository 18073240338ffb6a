"""python manage.py telling --schooljaar 2025-2026 [--regeling CODE] [--format json|text]"""

import json

from django.core.management.base import BaseCommand, CommandError

from regio_portal.core.schooljaar import parse_schooljaar
from subsidie.models import Regeling
from subsidie.services import telling_bereken


class Command(BaseCommand):
    help = "Tel studenten en zij-instromers per partnerschap en regio (zonder dubbeltelling)."

    def add_arguments(self, parser):
        parser.add_argument("--schooljaar", required=True, help="bijvoorbeeld 2025-2026")
        parser.add_argument(
            "--regeling", help="code van de regeling (standaard: die het schooljaar dekt)"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, schooljaar, regeling, format, **options):
        try:
            jaar = parse_schooljaar(schooljaar)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if regeling:
            try:
                regeling = Regeling.objects.get(code=regeling)
            except Regeling.DoesNotExist:
                raise CommandError(f"Onbekende regeling '{regeling}'.") from None
        try:
            snapshot = telling_bereken(schooljaar=jaar, regeling=regeling)
        except Regeling.DoesNotExist as exc:
            raise CommandError(str(exc)) from None
        resultaat = snapshot.resultaat
        if format == "json":
            self.stdout.write(json.dumps(resultaat, indent=2, ensure_ascii=False))
            return
        r = resultaat["regeling"]
        self.stdout.write(
            f"Telling {resultaat['schooljaar']} onder {r['code']} (peildatum {r['peildatum']})"
            + (" — VOORLOPIGE BEDRAGEN" if r["voorlopig"] else "")
        )
        self.stdout.write(f"{'partnerschap':<20}{'studenten':>10}{'zij-instr.':>11}{'bedrag':>16}")
        for rij in resultaat["partnerschappen"]:
            self.stdout.write(
                f"{rij['code']:<20}{rij['studenten']:>10}{rij['zij_instromers']:>11}{rij['bedrag']:>16}"
            )
        self.stdout.write(f"{'regio':<20}")
        for rij in resultaat["regios"]:
            self.stdout.write(
                f"{rij['code']:<20}{rij['studenten']:>10}{rij['zij_instromers']:>11}{rij['bedrag']:>16}"
            )
        t = resultaat["totaal"]
        self.stdout.write(
            f"{'totaal':<20}{t['studenten']:>10}{t['zij_instromers']:>11}{t['bedrag']:>16}"
        )
        self.stdout.write(f"waarschuwingen: {len(snapshot.waarschuwingen)}")
