"""The directory's keyword search on PostgreSQL is served by trigram indexes."""

from datetime import date

import pytest
from django.db import connection

from directory.selectors import DirectoryFilters, directory_results
from tests.factories import AwardFactory, UserFactory

INDEXES = {"directory_user_name_trgm", "directory_user_headline_trgm", "directory_user_biography_trgm"}


def test_the_trigram_indexes_exist(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'accounts_user'")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
    assert names >= INDEXES


@pytest.mark.parametrize(
    ("field", "index"),
    [
        ("display_name", "directory_user_name_trgm"),
        ("headline", "directory_user_headline_trgm"),
        ("biography", "directory_user_biography_trgm"),
    ],
)
def test_the_keyword_lookup_uses_them(postgres, field, index):
    """The directory's filter is ``icontains`` on these columns: each one's lookup can use its index."""
    from mvp_portal.accounts.models import User

    query = User.objects.filter(**{f"{field}__icontains": "kubern"}).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show what it can use
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_the_keyword_filter_finds_by_any_word(postgres, expertise):
    AwardFactory(user=UserFactory(display_name="Kim Kubernetes"), expertise=expertise, starts_on=date(2026, 10, 1))
    results = directory_results(today=date(2026, 11, 28), filters=DirectoryFilters(q="kubern kim"))
    assert [award.user.display_name for award in results] == ["Kim Kubernetes"]


@pytest.mark.django_db
def test_without_postgresql_the_search_still_works(expertise):
    """On SQLite (the embedded default) the same filter scans: no index is needed."""
    AwardFactory(user=UserFactory(display_name="Sam Scan", headline="SQLite fan"), expertise=expertise)
    results = directory_results(today=date(2026, 11, 28), filters=DirectoryFilters(q="sqlite"))
    assert [award.user.display_name for award in results] == ["Sam Scan"]
