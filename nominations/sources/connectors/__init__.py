"""One reader per kind of source. Each ``collect(connection, client, since=…)``
returns the items of the period found in the answers that changed
(``Collected``), or raises a ``FetchError``; none of them writes anything."""

from . import feed, github, sessionize, youtube
from .base import Collected, FoundItem, SourceClient

CONNECTORS = {
    "feed": feed,
    "youtube": youtube,
    "github": github,
    "sessionize": sessionize,
}

__all__ = ["CONNECTORS", "Collected", "FoundItem", "SourceClient"]
