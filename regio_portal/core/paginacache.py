"""Rendered pages kept while the database tables they read have not changed.

The regional dashboard and the start page read a dozen tables for a page that changes
only when someone writes. `@uit_cache` keeps the rendered page per session and answers
from it for as long as **none of the tables the page read has been written**; the first
request after any write to one of them renders it again. Nothing has to remember to
invalidate: the database tells, for every write by any path (services, imports with
COPY, bulk updates, the admin, raw SQL, a manual fix in psql).

How (docs/paginacache.md):

- Every table (but `django_session`) has a statement-level trigger that appends a row to
  `core_wijziging` (migration core 0006; `zorg_voor_triggers` gives tables made by later
  migrations theirs, after every `migrate`). The row becomes visible when the write
  commits, and disappears with it on a rollback. A table's **version** is the number of
  its rows (sum of `gewicht`) and the highest id: a committed write always raises the
  sum, and ids, drawn from a sequence, are never reused after a rollback.
- DDL fires no trigger. The one DDL write at run time, a count attaching its decisions
  as a new partition of `subsidie_tellingbesluit` (subsidie/services.py), notes the
  parent itself with `wijziging_melden`. Partitions have no trigger of their own:
  queries name the parent, and writes through the parent fire the parent's.
- A page render records the tables its queries name (`FROM`/`JOIN`/`INTO`). The versions
  of all tables are read **before** the render; a write committed during the render
  makes the stored versions older than what the page showed, so the next request
  renders again (never the reverse: what was not committed before the render, the
  render did not see, and its commit raises the version).
- `wijzigingen_samenvoegen` (beat, every 10 minutes; and a render that finds more than
  SAMENVOEGEN_BOVEN rows, for a setup without beat) folds each table's rows into one
  with the same sum and highest id, so the read stays a few hundred rows and versions
  do not move.

Not cached (the view runs as usual): not PostgreSQL, not GET, htmx requests, a request
without a session or CSRF cookie (the page carries a form token for that cookie), a
request with messages waiting, an answer other than 200 text/html or one that sets a
cookie, and a render that wrote anything (e.g. a read log) or read a name that is not a
table with a trigger (a view, a function). The key holds the session, the CSRF cookie,
the full path, the language and today's date (pages say "te laat" by date).

The cache is the process's own memory (`CACHES["paginas"]`, LocMem): every hit is
checked against the database, so processes need not share it, and a deploy (new
templates) starts empty.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

TABEL = "core_wijziging"
TRIGGER = "core_wijziging"
# Sessions change on every login and once a minute per active user; no page shows them.
ZONDER_TRIGGER = {TABEL, "django_session"}
_NAAM = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.IGNORECASE)
# The log is folded by beat; a render folds it too when it has grown past this (no beat).
SAMENVOEGEN_BOVEN = 5000
_SCHRIJFT = re.compile(
    r"^\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|COPY|MERGE)\b"
    r"|^\s*WITH\b.*\b(?:INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b",
    re.IGNORECASE | re.DOTALL,
)


def actief() -> bool:
    return settings.PAGINACACHE and connection.vendor == "postgresql"


@functools.cache
def getraceerde_tabellen() -> frozenset[str]:
    """The tables whose writes are logged: every model's table (and many-to-many table)
    but the session's. Read from the models, not the database, so the first page of a
    process costs no extra query; tests/core/test_paginacache.py proves that exactly
    these tables have the trigger."""
    from django.apps import apps  # noqa: PLC0415 (the registry is ready by the first page)

    tabellen = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tabellen.add(model._meta.db_table)
    return frozenset(tabellen - ZONDER_TRIGGER)


def tabellen_met_trigger() -> set[str]:
    """What the database says: the tables that have the trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER],
        )
        return {r[0] for r in cursor.fetchall()}


def wijziging_melden(tabel: str) -> None:
    """Note a write to `tabel` that its trigger does not see (DDL such as ATTACH
    PARTITION), as the trigger would: visible when the transaction commits."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABEL} (tabel) VALUES (%s)", [tabel])  # noqa: S608


def zorg_voor_triggers(using: str = "default") -> list[str]:
    """Give every table that lacks it the trigger (post_migrate; idempotent, one query
    when nothing is missing). Returns the tables it gave one."""
    from django.db import connections  # noqa: PLC0415 (the alias given)

    verbinding = connections[using]
    if verbinding.vendor != "postgresql":
        return []
    with verbinding.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABEL])
        if not cursor.fetchone()[0]:
            return []  # before core 0006
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
            "AND n.nspname = current_schema() "
            "AND NOT (c.relname = ANY(%s)) AND NOT EXISTS "
            "(SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = %s)",
            [sorted(ZONDER_TRIGGER), TRIGGER],
        )
        ontbrekend = sorted(r[0] for r in cursor.fetchall())
        for tabel in ontbrekend:
            naam = verbinding.ops.quote_name(tabel)
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {naam} FOR EACH STATEMENT EXECUTE FUNCTION core_wijziging_melden()"
            )
    return ontbrekend


def na_migreren(sender, using="default", **kwargs) -> None:
    zorg_voor_triggers(using)


def versies() -> dict[str, tuple[int, int]]:
    """Every table's version: (writes committed, highest log id). One query."""
    return _versies_en_rijen()[0]


def _versies_en_rijen() -> tuple[dict[str, tuple[int, int]], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tabel, sum(gewicht), max(id), count(*) FROM core_wijziging GROUP BY tabel"
        )
        rijen = cursor.fetchall()
    return {tabel: (int(som), hoogste) for tabel, som, hoogste, _ in rijen}, sum(
        r[3] for r in rijen
    )


def wijzigingen_samenvoegen() -> int:
    """Fold each table's log rows into one with the same sum and the same highest id, so
    versions do not change. Rows of writes not yet committed are not visible here and
    stay. Returns the number of rows removed."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_wijziging RETURNING id, tabel, gewicht")
        per_tabel: dict[str, list[int]] = {}
        weg = 0
        for id_, tabel, gewicht in cursor.fetchall():
            som_hoogste = per_tabel.setdefault(tabel, [0, 0])
            som_hoogste[0] += gewicht
            som_hoogste[1] = max(som_hoogste[1], id_)
            weg += 1
        if per_tabel:
            cursor.executemany(
                "INSERT INTO core_wijziging (id, tabel, gewicht) VALUES (%s, %s, %s)",
                [(hoogste, tabel, som) for tabel, (som, hoogste) in per_tabel.items()],
            )
    return weg - len(per_tabel)


class _Gelezen:
    """What a render's queries named, and whether it may be kept."""

    def __init__(self, getraceerd: frozenset[str]):
        self.getraceerd = getraceerd
        self.tabellen: set[str] = set()
        self.bewaarbaar = True
        self.reden = ""

    def __call__(self, execute, sql, params, many, context):
        if _SCHRIJFT.match(sql):
            self.bewaarbaar, self.reden = False, "schrijft"
        for naam in _NAAM.findall(sql):
            if naam in self.getraceerd:
                self.tabellen.add(naam)
            elif self.bewaarbaar:
                self.bewaarbaar, self.reden = False, f"leest {naam}"
        return execute(sql, params, many, context)


def _sleutel(request, view_naam: str, csrf: str | None) -> str | None:
    sessie = getattr(request, "session", None)
    sessie_sleutel = sessie.session_key if sessie is not None else None
    if not sessie_sleutel or not csrf or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    delen = (
        view_naam,
        request.get_full_path(),
        sessie_sleutel,
        csrf,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    )
    return "pagina:" + hashlib.sha256("\x1f".join(delen).encode()).hexdigest()


def uit_cache(view):
    """Decorator for a GET page that only reads: see the module's docstring."""
    view_naam = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def binnen(request, *args, **kwargs):
        if (
            request.method != "GET"
            or not actief()
            or getattr(request, "htmx", False)
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        # The secret of a valid CSRF cookie (CsrfViewMiddleware); a missing or malformed
        # cookie gets a new secret in this answer's Set-Cookie, so its page is not kept.
        csrf = request.META.get("CSRF_COOKIE")
        sleutel = _sleutel(request, view_naam, csrf)
        if sleutel is None:
            return view(request, *args, **kwargs)
        cache = caches["paginas"]
        nu, rijen = _versies_en_rijen()
        bewaard = cache.get(sleutel)
        if bewaard is not None:
            gelezen_versies, inhoud, soort = bewaard
            if all(nu.get(t, (0, 0)) == v for t, v in gelezen_versies.items()):
                antwoord = HttpResponse(inhoud, content_type=soort)
                antwoord["X-Paginacache"] = "raak"
                return antwoord
        gelezen = _Gelezen(getraceerde_tabellen())
        with connection.execute_wrapper(gelezen):
            antwoord = view(request, *args, **kwargs)
            if hasattr(antwoord, "render") and not antwoord.is_rendered:
                antwoord.render()  # a TemplateResponse reads while it renders: here
        soort = antwoord.get("Content-Type", "")
        if (
            gelezen.bewaarbaar
            # get_token() renews the same cookie (its expiry) on every page; a new secret
            # (rotated during the view, e.g. a login) would not match the page kept.
            and request.META.get("CSRF_COOKIE") == csrf
            and antwoord.status_code == 200
            and not antwoord.streaming
            and soort.startswith("text/html")
            and not antwoord.cookies
        ):
            cache.set(
                sleutel,
                ({t: nu.get(t, (0, 0)) for t in gelezen.tabellen}, antwoord.content, soort),
            )
            antwoord["X-Paginacache"] = "nieuw"
        elif not gelezen.bewaarbaar:
            logger.debug("paginacache: %s niet bewaard (%s)", view_naam, gelezen.reden)
        if rijen > SAMENVOEGEN_BOVEN:
            # Beat folds every 10 minutes; without beat (make run) a render does it.
            wijzigingen_samenvoegen()
        return antwoord

    return binnen
