import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_database_is_the_real_postgresql(require_postgres):
    with connection.cursor() as cursor:
        # DISTINCT ON is PostgreSQL-only: SQLite rejects it.
        cursor.execute(
            "SELECT DISTINCT ON (grp) grp, val FROM (VALUES (1, 'b'), (1, 'a'), (2, 'c')) AS t(grp, val) "
            "ORDER BY grp, val"
        )
        assert cursor.fetchall() == [(1, "a"), (2, "c")]
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13
