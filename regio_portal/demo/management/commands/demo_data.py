"""python manage.py demo_data: a believable demo, loaded through the same import code path
and services as real data, each app its own part in the order the year runs.
Idempotent: running it twice changes nothing. Prints the demo accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koppelingen import demo as koppelingen
from kwaliteit import demo as kwaliteit
from partnerschappen import demo as partnerschappen
from peer_review import demo as peer_review
from regio_portal.core.services import Opdrachtregel
from regio_portal.samenwerking import demo as samenwerking
from subsidie import demo as subsidie


class Command(BaseCommand):
    help = "Laad de demogegevens (idempotent) en toon de demo-accounts."

    def handle(self, *args, **options):
        if not settings.DEMO_TOEGESTAAN:
            raise CommandError(
                "Demogegevens maken accounts met een bekend wachtwoord en horen niet in "
                "productie. Alleen voor een demo- of teststack: zet DEMO_TOEGESTAAN=true."
            )
        door = Opdrachtregel()
        for deel in (partnerschappen, subsidie, kwaliteit, peer_review, koppelingen, samenwerking):
            deel.laden(door=door, uit=self.stdout.write)
        partnerschappen.toon_accounts(self.stdout.write)
