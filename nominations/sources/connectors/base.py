"""What every connector shares: the found item, the conditional client, small parsers."""

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal
from nominations.canonical import canonical_url

from ..fetch import ContentError, FetchResponse, fetch

EXCERPT_CHARS = 300


@dataclass
class FoundItem:
    """One thing a source found, in the shape of an activity."""

    url: str
    title: str
    occurred_on: date
    type_slug: str  # the proposed activity type
    ended_on: date | None = None
    description: str = ""
    quantity: int = 1
    second_quantity: int | None = None
    reach: int | None = None
    metrics: dict = field(default_factory=dict)  # public numbers as fetched: {"views": 120}
    # The URL is a page many items share (an event's website): "the same item" is then URL and date.
    page_shared: bool = False

    @property
    def canonical_url(self) -> str:
        return canonical_url(self.url)

    @property
    def key(self) -> str:
        return suggestion_key(self.canonical_url, self.occurred_on, page_shared=self.page_shared)


def suggestion_key(canonical: str, day: date, *, page_shared: bool) -> str:
    """What makes two items (or an item and an activity) the same."""
    return f"{canonical} @ {day.isoformat()}" if page_shared else canonical


@dataclass
class Collected:
    items: list[FoundItem]
    changed: bool  # False when every request answered 304 Not Modified
    title: str = ""  # how the source names itself
    cache: dict | None = None  # what to keep for the next sync (None: keep what is there)


class SourceClient:
    """Conditional GETs for one connection.

    ``validators`` maps each URL fetched before to its ``etag`` and
    ``last_modified``; they are sent as If-None-Match / If-Modified-Since, and
    the new ones are collected in ``self.validators`` for the caller to store
    once the whole sync succeeded (a sync that fails half-way must not make
    the next one answer 304 for what was never read).
    """

    def __init__(self, validators: dict | None = None, *, token: str = ""):
        self.previous = dict(validators or {})
        self.validators = dict(self.previous)
        self.token = token
        self.log: list[tuple[str, int]] = []  # (url, status) of every request, for the tests and the logs

    def get(self, url: str, *, headers: dict[str, str] | None = None) -> FetchResponse:
        request_headers = dict(headers or {})
        known = self.previous.get(url) or {}
        if known.get("etag"):
            request_headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            request_headers["If-Modified-Since"] = known["last_modified"]
        response = fetch(url, headers=request_headers)
        self.log.append((url, response.status))
        if not response.not_modified:
            fresh = {
                name: response.headers[header]
                for name, header in (("etag", "etag"), ("last_modified", "last-modified"))
                if response.headers.get(header)
            }
            if fresh:
                self.validators[url] = fresh
            else:
                self.validators.pop(url, None)
        return response


# Small parsers -------------------------------------------------------------------
def excerpt(text: str, chars: int = EXCERPT_CHARS) -> str:
    """Plain text from HTML, whitespace collapsed, cut at a word."""
    plain = " ".join(html.unescape(strip_tags(text or "")).split())
    return Truncator(plain).chars(chars)


def parse_json(response: FetchResponse):
    try:
        return json.loads(response.body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ContentError(response.url, why=_("what it sent is not JSON")) from None


def parse_datetime_text(value) -> datetime | None:
    """An ISO 8601 moment as an aware datetime ("Z" and offsets), or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def program_date(moment: datetime) -> date:
    """The day ``moment`` falls on in the program's time zone."""
    return moment.astimezone(cal.program_time_zone()).date()


def struct_date(parsed) -> date | None:
    """A feedparser ``*_parsed`` value (a UTC struct_time) as a program date."""
    if not parsed:
        return None
    try:
        return program_date(datetime(*parsed[:6], tzinfo=UTC))
    except (TypeError, ValueError):
        return None


def whole_number(value) -> int | None:
    """A metric as a non-negative int, or None when absent or not a number."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def short(text: str, chars: int = 200) -> str:
    return Truncator(" ".join((text or "").split())).chars(chars)
