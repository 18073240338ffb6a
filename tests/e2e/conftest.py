import pytest


@pytest.fixture
def regelingen(transactional_db):
    """A transactional test starts from whatever the previous one's flush left: seed the
    Regelingen and the ontwerpprincipes (data migrations) again when they are gone."""
    import importlib

    from django.apps import apps

    from regio_portal.samenwerking.models import Principeversie
    from subsidie.models import Regeling

    if not Regeling.objects.exists():
        importlib.import_module("subsidie.migrations.0002_regelingen").zaai(apps, None)
    if not Principeversie.objects.exists():
        importlib.import_module(
            "regio_portal.samenwerking.migrations.0005_ontwerpprincipes_zaaien"
        ).zaaien(apps, None)
