import pytest


@pytest.fixture(scope="session")
def _media_url_voor_live_server():
    """Media are never served by URL (MEDIA_URL = None), but Django's live server wraps a
    media handler that cannot parse None. A URL on another host is never matched by that
    handler, so still nothing is served; set before the (session-wide) server starts."""
    from django.conf import settings

    oud = settings.MEDIA_URL
    settings.MEDIA_URL = "http://media.invalid/"
    yield
    settings.MEDIA_URL = oud


@pytest.fixture(scope="session")
def live_server(_media_url_voor_live_server, live_server):
    return live_server


@pytest.fixture
def regelingen(transactional_db):
    """A transactional test starts from whatever the previous one's flush left: seed the
    Regelingen (a data migration) again when they are gone."""
    import importlib

    from django.apps import apps

    from subsidie.models import Regeling

    if not Regeling.objects.exists():
        importlib.import_module("subsidie.migrations.0002_regelingen").zaai(apps, None)
