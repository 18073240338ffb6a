import pytest


@pytest.fixture
def regelingen(transactional_db):
    """A transactional test starts from whatever the previous one's flush left: seed the
    Regelingen (a data migration) again when they are gone."""
    import importlib

    from django.apps import apps

    from subsidie.models import Regeling

    if not Regeling.objects.exists():
        importlib.import_module("subsidie.migrations.0002_regelingen").zaai(apps, None)
