"""A YouTube channel's public feed (Atom, the 15 latest videos): each video
becomes a video suggestion with its view count as the reach.

The identifier is the channel id ("UC" and 22 more characters); the feed is
``https://www.youtube.com/feeds/videos.xml?channel_id=<id>`` (the base is
``SOURCES_YOUTUBE_FEED_URL``, so that the tests can serve it locally).
"""

import re
from urllib.parse import urlencode

from django.conf import settings

from .base import Collected, FoundItem, excerpt, short, whole_number
from .feed import ACCEPT, entry_date, parse_feed

CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")


def feed_url(channel_id: str) -> str:
    return f"{settings.SOURCES_YOUTUBE_FEED_URL}?{urlencode({'channel_id': channel_id})}"


def collect(connection, client, *, since, today) -> Collected:
    response = client.get(feed_url(connection.identifier), headers={"Accept": ACCEPT})
    if response.not_modified:
        return Collected(items=[], changed=False)
    parsed = parse_feed(response)
    items = []
    for entry in parsed.entries:
        video_id = entry.get("yt_videoid")
        link = entry.get("link") or (f"https://www.youtube.com/watch?v={video_id}" if video_id else "")
        day = entry_date(entry)
        if not link or day is None or day < since:
            continue
        views = whole_number((entry.get("media_statistics") or {}).get("views"))
        likes = whole_number((entry.get("media_starrating") or {}).get("count"))
        metrics = {name: value for name, value in (("views", views), ("likes", likes)) if value is not None}
        description = entry.get("media_description") or entry.get("summary", "")
        items.append(
            FoundItem(
                url=link,
                title=excerpt(entry.get("title") or link, 200),
                occurred_on=day,
                type_slug="video",
                description=excerpt(description),
                reach=views,
                metrics=metrics,
            )
        )
    return Collected(items=items, changed=True, title=short(parsed.feed.get("title", "")))
