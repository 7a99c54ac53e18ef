"""'What needs your attention' on the home page.

Each app contributes items through a provider registered in its AppConfig,
so that this kernel module never imports the apps above it.

A provider is *personal* (the default) when its items depend only on the
person's own objects: its items are cached per person, language and day
(``cached_attention_items_for``, the home page) under generation tokens, as
``public_cache`` keeps the public pages. The one rule: the service that
writes what a personal item shows calls, next to the write,

- ``attention_changed(*user_ids)``: those people's items are stale (their
  dossier, its activities, their suggestions, their assignments, their NDA
  acceptance or award kit);
- ``everyone_attention_changed()``: everybody's items are stale (who holds an
  award, a new NDA version, a cycle's deadlines).

A provider registered with ``shared=True`` counts work that other people's
writes change (the staff desks' queues): it is computed on every request.
Cached items also expire after ``ATTENTION_CACHE_SECONDS`` at the latest.

The navigation bar of a signed-in page asks the same questions of the same
rows (do they hold an award today, own a dossier, have evaluations): it is kept
under the same tokens (``kept_for_person``), so the one rule above keeps both.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from . import public_cache

EVERYONE = "attention:gen:everyone"


@dataclasses.dataclass(frozen=True)
class AttentionItem:
    title: str
    url: str
    detail: str = ""
    count: int | None = None


@dataclasses.dataclass(frozen=True)
class _Provider:
    function: Callable
    shared: bool


_providers: list[_Provider] = []


def register_attention_provider(provider: Callable, *, shared: bool = False) -> Callable:
    """Register ``provider(user) -> list[AttentionItem]``; ``shared``: not cached (see above)."""
    if all(p.function is not provider for p in _providers):
        _providers.append(_Provider(provider, shared))
    return provider


def attention_items_for(user) -> list[AttentionItem]:
    """Every provider's items, computed now."""
    items: list[AttentionItem] = []
    for provider in _providers:
        items.extend(provider.function(user))
    return items


def person_generation_key(user_id: int) -> str:
    return f"attention:gen:person:{user_id}"


def attention_changed(*user_ids: int) -> None:
    """The personal items of ``user_ids`` are stale."""
    keys = [person_generation_key(pk) for pk in {pk for pk in user_ids if pk}]
    if keys:
        public_cache.generations_changed(keys)


def everyone_attention_changed() -> None:
    """Everybody's personal items are stale."""
    public_cache.generations_changed([EVERYONE])


def _plain(item: AttentionItem) -> AttentionItem:
    # Lazy translations are stored as the words of the language they were cached for.
    return dataclasses.replace(item, title=str(item.title), url=str(item.url), detail=str(item.detail))


def kept_for_person(user, name: str, parts: tuple, compute: Callable, *, today):
    """``compute()``'s value for ``user``, kept per person, ``parts`` (their roles, the
    language) and day under their own and everyone's tokens: stale after the writes
    that change their personal items (the rule above), or ``ATTENTION_CACHE_SECONDS``."""
    tokens = public_cache.generations([person_generation_key(user.pk), EVERYONE])
    key = f"{name}:{user.pk}:{today.isoformat()}:" + hashlib.sha256(repr((parts, tokens)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.ATTENTION_CACHE_SECONDS)
    return value


def cached_attention_items_for(user, *, today) -> list[AttentionItem]:
    """``attention_items_for(user)``, with the personal providers' items from the cache."""
    personal = kept_for_person(
        user,
        "attention:items",
        (translation.get_language() or "",),
        lambda: [[_plain(item) for item in p.function(user)] for p in _providers if not p.shared],
        today=today,
    )
    cached = iter(personal)
    items: list[AttentionItem] = []
    for provider in _providers:
        items.extend(provider.function(user) if provider.shared else next(cached))
    return items
