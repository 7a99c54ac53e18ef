"""Factories of the sources (nominations/sources/)."""

from datetime import UTC, date, datetime

import factory

from nominations.canonical import canonical_url
from nominations.models import ActivityType, SourceConnection, Suggestion
from tests.factories.accounts import UserFactory

__all__ = ["SourceConnectionFactory", "SuggestionFactory"]

NOW = datetime(2026, 11, 28, 10, 4, tzinfo=UTC)


class SourceConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceConnection

    owner = factory.SubFactory(UserFactory)
    kind = SourceConnection.Kind.FEED
    identifier = factory.Sequence(lambda n: f"https://blog{n}.example.org/feed.xml")
    next_sync_at = NOW


class SuggestionFactory(factory.django.DjangoModelFactory):
    """A pending blog-post suggestion found by a connected feed."""

    class Meta:
        model = Suggestion

    connection = factory.SubFactory(SourceConnectionFactory)
    owner = factory.SelfAttribute("connection.owner")
    source_kind = factory.SelfAttribute("connection.kind")
    source_name = factory.LazyAttribute(lambda s: str(s.connection.display_name))
    url = factory.Sequence(lambda n: f"https://blog.example.org/found-{n}/")
    canonical_url = factory.LazyAttribute(lambda s: canonical_url(s.url))
    key = factory.SelfAttribute("canonical_url")
    title = factory.Sequence(lambda n: f"Found post {n}")
    occurred_on = date(2026, 10, 1)
    description = "A post found by the feed."
    activity_type = factory.LazyFunction(lambda: ActivityType.objects.filter(slug="blog-post").first())
    fetched_at = NOW
