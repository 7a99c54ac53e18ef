"""The demo nominee's connected blog feed and a few suggestions waiting for them.

Nothing is fetched while seeding: the rows are written as a sync would have
left them (the feed at blog.example, which the demo never reads)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from nominations.canonical import canonical_url
from nominations.models import ActivityType, SourceConnection, Suggestion

from .services import SYNC_EVERY

POSTS = [
    ("Five lessons from a year of answering forum questions", 9),
    ("Migrating a user group's website to static hosting", 23),
    ("What the new release means for small teams", 41),
    ("A checklist for your first conference talk", 64),
]


def seed_sources(context, owner) -> None:
    """``owner`` (the demo nominee) gets a connected feed, synced an hour ago, and pending suggestions."""
    now = timezone.now()
    today = context.today
    slug = owner.email.split("@")[0]
    connection = SourceConnection.objects.create(
        owner=owner,
        kind=SourceConnection.Kind.FEED,
        identifier=f"https://{slug}.blog.example/feed.xml",
        title=f"{owner.display_name} writes",
        next_sync_at=now - timedelta(hours=1) + SYNC_EVERY,
        last_attempt_at=now - timedelta(hours=1),
        last_synced_at=now - timedelta(hours=1),
        items_found=len(POSTS),
        new_suggestions=len(POSTS),
    )
    blog = ActivityType.objects.filter(slug="blog-post").first()
    suggestions = []
    for title, days_ago in POSTS:
        url = f"https://{slug}.blog.example/{slugify(title)}/"
        suggestions.append(
            Suggestion(
                owner=owner,
                connection=connection,
                source_kind=connection.kind,
                source_name=str(connection.display_name),
                key=canonical_url(url),
                url=url,
                canonical_url=canonical_url(url),
                title=title,
                occurred_on=today - timedelta(days=days_ago),
                description="A post from the demo feed: what I learnt, step by step, with the scripts I used.",
                activity_type=blog,
                fetched_at=now - timedelta(hours=1),
            )
        )
    Suggestion.objects.bulk_create(suggestions)
    context.summary.append(f"1 connected source with {len(suggestions)} pending suggestions for {owner.email}")


def delete_all() -> None:
    Suggestion.objects.all().delete()
    SourceConnection.objects.all().delete()
