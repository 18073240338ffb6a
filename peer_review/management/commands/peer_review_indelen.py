"""python manage.py peer_review_indelen --probleem FILE.json [--format json|text]

Runs the panel solver on a problem file (docs/peer_review_indeling.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from peer_review.indeling import ProbleemFout, lees_probleem, los_op


class Command(BaseCommand):
    help = "Stel peer-review-panels samen (exact, met OR-Tools CP-SAT)."

    def add_arguments(self, parser):
        parser.add_argument("--probleem", type=Path, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, probleem, format, **options):
        try:
            gegevens = json.loads(probleem.read_text(encoding="utf-8-sig"))
            uitkomst = los_op(lees_probleem(gegevens))
        except FileNotFoundError:
            raise CommandError(f"Bestand {probleem} bestaat niet.") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"Het bestand is geen geldige JSON ({exc}).") from None
        except ProbleemFout as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps(uitkomst, indent=2, ensure_ascii=False))
            return
        for rij in uitkomst["toewijzing"]:
            self.stdout.write(f"{rij['ontvangend']:<12} ← {', '.join(rij['bezoekers']) or '–'}")
        for rij in uitkomst["onvervuld"]:
            self.stdout.write(f"{rij['ontvangend']}: {rij['ontbrekend']} te weinig. {rij['reden']}")
        for fout in uitkomst["fouten"]:
            self.stdout.write(f"fout: {fout}")
        s = uitkomst["statistiek"]
        self.stdout.write(
            f"gevuld {s['gevuld']}/{s['plaatsen']}, hoogste aantal bezoeken "
            f"{s['hoogste_aantal_bezoeken']}, optimaal bewezen: "
            f"{'ja' if s['optimaal_bewezen'] else 'nee'} ({s['seconden']} s)"
        )
