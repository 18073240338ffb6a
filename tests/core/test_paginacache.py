"""The page cache (regio_portal/core/paginacache.py): a repeated look is answered from
memory, and any committed write to a table the page read (by any path) makes the next
look render again."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from partnerschappen import services as org_services
from partnerschappen.models import Rol
from regio_portal.core import paginacache
from regio_portal.core.services import Opdrachtregel

pytestmark = pytest.mark.django_db

DASHBOARD = "/regios/R-A/dashboard/?schooljaar=2025-2026"


@pytest.fixture
def km(client_als):
    """The kwartiermaker of region A in a browser that has its CSRF cookie."""
    client = client_als("km_regio")
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def test_every_table_but_the_session_reports_its_writes():
    tabellen = set(connection.introspection.django_table_names(only_existing=True))
    met_trigger = paginacache.tabellen_met_trigger()
    assert tabellen - met_trigger == {"django_session"}
    assert "core_wijziging" not in met_trigger
    # What the page cache assumes (from the models) is what the database has (and the
    # migrations' own table, no model).
    assert paginacache.getraceerde_tabellen() == met_trigger - {"django_migrations"}
    # Every table in the database, models or not, but the session and the log itself;
    # partitions (a count's decisions) not: queries and writes name their parent.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "AND n.nspname = current_schema()"
        )
        alle = {r[0] for r in cursor.fetchall()}
    assert alle - met_trigger == {"django_session", "core_wijziging"}
    # Idempotent: after migrate (in the test database's creation) nothing is missing.
    assert paginacache.zorg_voor_triggers() == []


def test_second_look_comes_from_the_cache_with_five_queries(km, django_assert_num_queries):
    eerste = km.get(DASHBOARD)
    assert eerste.status_code == 200
    assert eerste["X-Paginacache"] == "nieuw"
    # The session, the user, the MFA middleware's roles and authenticator, and the
    # versions: the dashboard's own 18 queries are not run.
    with django_assert_num_queries(5):
        tweede = km.get(DASHBOARD)
    assert tweede.status_code == 200
    assert tweede["X-Paginacache"] == "raak"
    assert tweede.content == eerste.content
    assert tweede["Content-Type"] == "text/html; charset=utf-8"
    # The middleware's headers are on the cached answer too.
    assert "Content-Security-Policy" in tweede


def test_a_write_through_a_service_shows_on_the_next_look(km, wereld):
    assert b"Voor dit schooljaar is nog geen telling gemaakt." in km.get(DASHBOARD).content
    assert km.get(DASHBOARD)["X-Paginacache"] == "raak"
    from subsidie.services import telling_bereken

    telling_bereken(schooljaar=2025)
    na = km.get(DASHBOARD)
    assert na["X-Paginacache"] == "nieuw"
    assert b"Voor dit schooljaar is nog geen telling gemaakt." not in na.content
    assert km.get(DASHBOARD)["X-Paginacache"] == "raak"


def test_a_write_by_raw_sql_shows_too(km):
    assert b"Regio A \xc2\xb7 2025-2026" in km.get(DASHBOARD).content
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerschappen_regio SET naam = 'Regio Anders' WHERE code = 'R-A'")
    na = km.get(DASHBOARD)
    assert na["X-Paginacache"] == "nieuw"
    assert b"Regio Anders \xc2\xb7 2025-2026" in na.content


def test_a_write_to_a_table_the_page_did_not_read_keeps_the_cache(km, wereld):
    km.get(DASHBOARD)
    org_services.contactpersoon_opslaan(contactpersoon=wereld.contact_a, door=Opdrachtregel())
    assert km.get(DASHBOARD)["X-Paginacache"] == "raak"


def test_a_revoked_role_is_not_served_from_the_cache(km, wereld):
    assert km.get(DASHBOARD)["X-Paginacache"] == "nieuw"
    for rol in Rol.objects.filter(gebruiker=wereld.gebruikers["km_regio"], soort="kwartiermaker"):
        org_services.rol_intrekken(rol=rol, door=Opdrachtregel())
    assert km.get(DASHBOARD).status_code == 404


def test_the_cache_is_per_session(km, client_als, wereld, client):
    assert km.get(DASHBOARD)["X-Paginacache"] == "nieuw"
    # Another login (another session and CSRF cookie) renders its own page: the page
    # carries the form token of its own cookie.
    client.logout()
    client.force_login(wereld.gebruikers["km_regio"])
    client.cookies[settings.CSRF_COOKIE_NAME] = "b" * 32
    assert client.get(DASHBOARD)["X-Paginacache"] == "nieuw"
    assert client.get(DASHBOARD)["X-Paginacache"] == "raak"


def test_not_cached_without_a_csrf_cookie_or_with_messages_waiting(client_als):
    client = client_als("km_regio")
    # No CSRF cookie yet: the answer sets one, and its page carries that cookie's token.
    eerste = client.get(DASHBOARD)
    assert "X-Paginacache" not in eerste
    assert settings.CSRF_COOKIE_NAME in eerste.cookies
    assert client.get(DASHBOARD)["X-Paginacache"] == "nieuw"
    # A message waiting is shown on this page, so it is rendered.
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    opslag = CookieStorage(RequestFactory().get("/"))
    client.cookies[opslag.cookie_name] = opslag._encode([Message(constants.SUCCESS, "Opgeslagen.")])
    met_melding = client.get(DASHBOARD)
    assert "X-Paginacache" not in met_melding
    assert b"Opgeslagen." in met_melding.content


def test_a_render_that_writes_or_reads_a_non_table_is_not_kept():
    getraceerd = frozenset({"partnerschappen_regio"})

    def uitvoeren(sql, params, many, context):
        return None

    gelezen = paginacache._Gelezen(getraceerd)
    sql = 'SELECT "partnerschappen_regio"."code" FROM "partnerschappen_regio"'
    gelezen(uitvoeren, sql, (), False, {})
    assert (gelezen.bewaarbaar, gelezen.tabellen) == (True, {"partnerschappen_regio"})
    gelezen(uitvoeren, 'INSERT INTO "core_inzage" ("x") VALUES (%s)', (1,), False, {})
    assert (gelezen.bewaarbaar, gelezen.reden) == (False, "schrijft")
    gelezen = paginacache._Gelezen(getraceerd)
    gelezen(uitvoeren, "SELECT * FROM een_view JOIN partnerschappen_regio ON true", (), False, {})
    assert (gelezen.bewaarbaar, gelezen.reden) == (False, "leest een_view")


def test_versions_rise_with_each_write_and_survive_folding():
    voor = paginacache.versies().get("partnerschappen_regio", (0, 0))
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("UPDATE partnerschappen_regio SET naam = naam WHERE false")
    na = paginacache.versies()["partnerschappen_regio"]
    assert na[0] == voor[0] + 3
    assert na[1] > voor[1]
    alles = paginacache.versies()
    weg = paginacache.wijzigingen_samenvoegen()
    assert weg > 0
    assert paginacache.versies() == alles
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT tabel) FROM core_wijziging")
        rijen, tabellen = cursor.fetchone()
    assert rijen == tabellen == len(alles)


def test_a_rolled_back_write_does_not_bring_an_old_version_back():
    """Ids come from a sequence, which a rollback does not return: after a rolled-back
    write and one committed write, the version differs from the rolled-back one's."""
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("UPDATE partnerschappen_regio SET naam = naam WHERE false")
                teruggedraaid = paginacache.versies()["partnerschappen_regio"]
                raise RuntimeError
        except RuntimeError:
            pass
        cursor.execute("UPDATE partnerschappen_regio SET naam = naam WHERE false")
    assert paginacache.versies()["partnerschappen_regio"][0] == teruggedraaid[0]
    assert paginacache.versies()["partnerschappen_regio"] != teruggedraaid


def test_start_page_is_cached_and_follows_a_write(client_als, wereld):
    client = client_als("pl_a")
    client.cookies[settings.CSRF_COOKIE_NAME] = "c" * 32
    start = reverse("start")
    assert client.get(start)["X-Paginacache"] == "nieuw"
    assert client.get(start)["X-Paginacache"] == "raak"
    partnerschap = wereld.partnerschap_a
    org_services.partnerschap_wijzigen(
        partnerschap=partnerschap, door=Opdrachtregel(), naam="Partnerschap Nieuw"
    )
    na = client.get(start)
    assert na["X-Paginacache"] == "nieuw"
    assert b"Partnerschap Nieuw" in na.content


def test_a_render_folds_a_long_log_when_beat_does_not(km, monkeypatch):
    monkeypatch.setattr(paginacache, "SAMENVOEGEN_BOVEN", 0)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnerschappen_regio SET naam = naam WHERE false")
        cursor.execute("UPDATE partnerschappen_regio SET naam = naam WHERE false")
    voor = paginacache.versies()
    assert km.get(DASHBOARD)["X-Paginacache"] == "nieuw"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_wijziging WHERE tabel = 'partnerschappen_regio'")
        assert cursor.fetchone()[0] == 1
    assert paginacache.versies() == voor
    assert km.get(DASHBOARD)["X-Paginacache"] == "raak"


def test_a_malformed_csrf_cookie_is_replaced_and_its_page_not_kept(client_als):
    client = client_als("km_regio")
    client.cookies[settings.CSRF_COOKIE_NAME] = "kapot"
    antwoord = client.get(DASHBOARD)
    assert "X-Paginacache" not in antwoord
    nieuw = antwoord.cookies[settings.CSRF_COOKIE_NAME].value
    assert nieuw != "kapot"
    assert len(nieuw) == 32
    # With the cookie it was given, the browser's next look is kept.
    assert client.get(DASHBOARD)["X-Paginacache"] == "nieuw"
