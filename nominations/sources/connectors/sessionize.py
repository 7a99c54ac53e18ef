"""A Sessionize speaker profile's public JSON: each event the speaker spoke at
becomes a speaking suggestion.

The speaker creates the endpoint on their Sessionize profile (API / Embed);
its URL is ``https://sessionize.com/api/speaker/json/<id>`` and the
identifier is that id. The answer, as Sessionize sends it::

    {"speaker": {"firstName", "lastName", "tagline", "bio", "speakerProfileUrl", "photoUrl", …},
     "sessions": [{"id", "title", "description", "sessionUrl", "languageCode", "language"}],
     "events": [{"id", "name", "eventStartDate", "eventEndDate", "location", "website"}]}

Sessions (the talk catalogue) carry no date and are not linked to events, so
the events are what is suggested. Several events often share a website (a
yearly conference), so an event is "the same item" by website and date.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from ..fetch import ContentError
from .base import Collected, FoundItem, parse_datetime_text, parse_json, short

ENDPOINT_ID = re.compile(r"^[a-z0-9]{6,32}$")


def endpoint_url(endpoint_id: str) -> str:
    return f"{settings.SOURCES_SESSIONIZE_URL.rstrip('/')}/api/speaker/json/{endpoint_id}"


def collect(connection, client, *, since, today) -> Collected:
    response = client.get(endpoint_url(connection.identifier), headers={"Accept": "application/json"})
    if response.not_modified:
        return Collected(items=[], changed=False)
    data = parse_json(response)
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        raise ContentError(response.url, why=_("what it sent is not a Sessionize speaker profile"))
    speaker = data.get("speaker") if isinstance(data.get("speaker"), dict) else {}
    profile = speaker.get("speakerProfileUrl") or response.url
    name = " ".join(part for part in (speaker.get("firstName"), speaker.get("lastName")) if part)
    items = []
    for event in data.get("events") or []:
        if not isinstance(event, dict) or not event.get("name"):
            continue
        start = parse_datetime_text(event.get("eventStartDate"))
        if start is None:
            continue
        # Sessionize gives event days as midnight UTC: the day itself, whatever the program's zone.
        day = start.date()
        if day < since:
            continue
        end = parse_datetime_text(event.get("eventEndDate"))
        location = event.get("location") or ""
        items.append(
            FoundItem(
                url=event.get("website") or profile,
                title=short(_("Speaking at %(event)s") % {"event": event["name"]}),
                occurred_on=day,
                ended_on=end.date() if end and end.date() > day else None,
                type_slug="speaking",
                description=short(location, 300),
                page_shared=True,
            )
        )
    return Collected(items=items, changed=True, title=short(name))
