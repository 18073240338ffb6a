"""`core.lezen.gestroomd`: a large result read while the server still sends it, through
Django's cursor (execute wrappers, the query log), with Django's errors."""

from __future__ import annotations

from unittest import mock

import psycopg
import pytest
from django.db import ProgrammingError, connection, transaction

from regio_portal.core import lezen

pytestmark = pytest.mark.django_db

SQL = "SELECT g, g * 2, 'r' || g FROM generate_series(1, %s) AS g"


def _verwacht(n: int) -> list[tuple]:
    return [(g, g * 2, f"r{g}") for g in range(1, n + 1)]


def test_every_row_arrives_in_order_across_chunks():
    n = 3 * lezen.BLOK + 7
    assert lezen.gestroomd(SQL, [n], list) == _verwacht(n)
    assert lezen.gestroomd(SQL, [0], list) == []


def test_the_read_is_one_query_seen_by_the_wrappers_and_the_query_log(
    django_assert_num_queries,
):
    gezien = []

    def wrapper(execute, sql, params, many, context):
        gezien.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper), django_assert_num_queries(1) as vastgelegd:
        aantal = lezen.gestroomd(SQL, [5], lambda rijen: sum(1 for _ in rijen))
    assert aantal == 5
    assert gezien == [(SQL, [5])]
    assert vastgelegd.captured_queries[0]["sql"] == SQL % 5
    # And the wrapper of this one read is gone: the next query is an ordinary one.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_bad_query_raises_djangos_error_and_the_connection_goes_on():
    with pytest.raises(ProgrammingError, match="geen_tabel"), transaction.atomic():
        lezen.gestroomd("SELECT * FROM geen_tabel", [], list)
    assert lezen.gestroomd(SQL, [2], list) == _verwacht(2)


def test_without_chunked_reading_the_rows_are_fetched_as_usual():
    with mock.patch.object(psycopg.capabilities, "has_stream_chunked", return_value=False):
        assert lezen.gestroomd(SQL, [1500], list) == _verwacht(1500)
