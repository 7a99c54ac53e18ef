"""The sources pages issue the same number of queries for a few suggestions as for many."""

from datetime import date, timedelta

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nominations.models import Activity, ActivityType, SourceConnection, Suggestion
from nominations.sources.selectors import SUGGESTIONS_SHOWN
from tests.factories import DossierFactory, SourceConnectionFactory
from tests.support.sources import NOW

pytestmark = pytest.mark.django_db


def build(owner, dossier, size: int) -> Suggestion:
    blog = ActivityType.objects.get(slug="blog-post")
    connections = [
        SourceConnectionFactory(owner=owner, kind=kind, identifier=f"{kind}-{size}-{n}")
        for n, kind in enumerate(
            [SourceConnection.Kind.FEED, SourceConnection.Kind.GITHUB, SourceConnection.Kind.YOUTUBE]
        )
    ]
    Suggestion.objects.bulk_create(
        Suggestion(
            owner=owner,
            connection=connections[i % 3],
            source_kind=connections[i % 3].kind,
            source_name="a source",
            key=f"https://blog.example.org/{size}/{i}",
            url=f"https://blog.example.org/{size}/{i}",
            canonical_url=f"https://blog.example.org/{size}/{i}",
            title=f"Post {i}",
            occurred_on=date(2026, 11, 1) - timedelta(days=i % 300),
            activity_type=blog,
            metrics={"views": i},
            fetched_at=NOW,
        )
        for i in range(size)
    )
    Activity.objects.bulk_create(
        Activity(
            dossier=dossier,
            activity_type=blog,
            title=f"Typed {i}",
            started_on=date(2026, 5, 1),
            url=f"https://typed.example/{size}/{i}",
        )
        for i in range(size)
    )
    return Suggestion.objects.filter(owner=owner).first()


def count(client, url) -> int:
    with CaptureQueriesContext(db_connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_sources_pages_query_counts_match_across_sizes(client, nominee, expertise, activity_types):
    small_owner, large_owner = nominee, DossierFactory(expertise=expertise).owner
    small = build(small_owner, DossierFactory(owner=small_owner, expertise=expertise), 5)
    large = build(large_owner, large_owner.dossiers.get(), SUGGESTIONS_SHOWN + 150)
    counts = {}
    for owner, suggestion in ((small_owner, small), (large_owner, large)):
        client.force_login(owner)
        counts[owner.pk] = (
            count(client, reverse("nominations:source-list")),
            count(client, reverse("nominations:suggestion-accept", kwargs={"pk": suggestion.pk})),
            count(client, "/"),
        )
    assert counts[small_owner.pk] == counts[large_owner.pk]
    client.force_login(large_owner)
    page = client.get(reverse("nominations:source-list")).content.decode()
    assert f"{SUGGESTIONS_SHOWN + 150} suggestions waiting" in page
    assert page.count('id="suggestion-') == SUGGESTIONS_SHOWN
