"""Prints the current TOTP code of the demo accounts (only with DEBUG on)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerschappen.demo import DEMO_TOTP_GEHEIM


class Command(BaseCommand):
    help = "Toon de huidige TOTP-code van de demo-accounts (alleen in ontwikkeling)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen beschikbaar met DEBUG aan (make run).")
        teller = int(time.time()) // 30
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_GEHEIM, teller)))
