"""A blog's RSS or Atom feed (feedparser): each post becomes a blog post suggestion.

The identifier is the feed's URL. feedparser only ever parses bytes we fetched
safely (never a URL: it would fetch it itself), from a stream (given bytes it
first tries them as a file name).
"""

import io

import feedparser
from django.utils.translation import gettext as _

from ..fetch import ContentError, FetchResponse
from .base import Collected, FoundItem, excerpt, short, struct_date, whole_number

ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


def parse_feed(response: FetchResponse) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(
        io.BytesIO(response.body),
        response_headers={
            "content-type": response.headers.get("content-type", "application/xml"),
            "content-location": response.url,
        },
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.get("version") and not parsed.entries:
        raise ContentError(response.url, why=_("what it sent is not an RSS or Atom feed"))
    return parsed


def entry_date(entry):
    return struct_date(entry.get("published_parsed")) or struct_date(entry.get("updated_parsed"))


def collect(connection, client, *, since, today) -> Collected:
    response = client.get(connection.identifier, headers={"Accept": ACCEPT})
    if response.not_modified:
        return Collected(items=[], changed=False)
    parsed = parse_feed(response)
    items = []
    for entry in parsed.entries:
        link, day = entry.get("link"), entry_date(entry)
        if not link or day is None or day < since:
            continue
        metrics = {}
        comments = whole_number(entry.get("slash_comments"))
        if comments is not None:
            metrics["comments"] = comments
        items.append(
            FoundItem(
                url=link,
                title=excerpt(entry.get("title") or link, 200),
                occurred_on=day,
                type_slug="blog-post",
                description=excerpt(entry.get("summary", "")),
                metrics=metrics,
            )
        )
    return Collected(items=items, changed=True, title=short(parsed.feed.get("title", "")))
