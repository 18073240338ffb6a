from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from regio_portal.core.mfa import versleutel_data


class Command(BaseCommand):
    help = (
        "Versleutelt alle MFA-geheimen opnieuw met de eerste sleutel uit MFA_SLEUTEL "
        "(na het vooraan toevoegen van een nieuwe sleutel)."
    )

    def handle(self, *args, **opties):
        aantal = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update():
                data, gewijzigd = versleutel_data(authenticator.data, sleutel_wissel=True)
                if gewijzigd:
                    authenticator.data = data
                    authenticator.save(update_fields=["data"])
                    aantal += 1
        self.stdout.write(f"{aantal} authenticators opnieuw versleuteld.")
