"""Reading a large result while the database still produces it.

A plain `cursor.execute()` + `fetchall()` first waits for the whole result (the server
joins and hashes, libpq buffers every row) and only then decodes it into Python objects:
the server's work and the client's come one after the other. `gestroomd` has psycopg
deliver the rows in chunks as the server sends them (libpq's chunked-rows mode), so that
the server works on one core while this process decodes on the other. For the count's
150,000 placements: 0.32 s against 0.53 s (bench/README.md, issue 17).

The read still goes through Django's cursor: every execute wrapper (the page cache's
bookkeeping, core/paginacache.py) and the query log (`assertNumQueries`, the query
budgets, the debug toolbar) see it as the one query it is. Only the innermost step, the
driver's execute, is replaced, by a wrapper registered for this one statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import psycopg
from django.db import connection

T = TypeVar("T")

# Rows per chunk: large enough that the per-chunk overhead vanishes, small enough that the
# first rows arrive while the server still works (measured: 200-5,000 all within noise).
BLOK = 1000


def gestroomd(sql: str, params: Sequence, verwerk: Callable[[Iterator[tuple]], T]) -> T:
    """`verwerk(rows)` over the result of `sql`, the rows (tuples) arriving while they are
    consumed; returns what `verwerk` returns. `verwerk` must consume the rows before it
    returns and may not use the connection meanwhile. Where chunked reading is not
    available (SQLite in `make run`, a libpq before 17), the rows are fetched as usual."""
    if connection.vendor != "postgresql" or not psycopg.capabilities.has_stream_chunked():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return verwerk(iter(cursor.fetchall()))

    gestart = []

    def stroom(execute, sql_, params_, many, context):
        if gestart:  # not ours (`verwerk` may not query, but if it does: as usual)
            return execute(sql_, params_, many, context)
        gestart.append(sql_)
        connection.validate_no_broken_transaction()
        with connection.wrap_database_errors:
            return verwerk(context["cursor"].cursor.stream(sql_, params_, size=BLOK))

    # Registered last, so innermost: the other wrappers and the query log are around it.
    with connection.execute_wrapper(stroom), connection.cursor() as cursor:
        return cursor.execute(sql, params)
