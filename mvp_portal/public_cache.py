"""The cache of what anonymous visitors see, the public directory and profiles, and of
what staff pages count over the whole program.

A rendered page is stored under a key that holds *generation tokens*; a write
that changes what a visitor sees replaces the token (never deletes pages), so
every page rendered before it is unreachable at once, in every web process
sharing the cache (Redis in production, the file cache under var/ with
`make run`). Old pages expire on their own (PUBLIC_PAGE_CACHE_SECONDS).

The one rule: the service that writes calls one of these, next to the write:

- ``directory_changed()``: who is listed, or what a card or profile says
  (announcements, the daily run, a profile edit, photo or opt-out);
- ``profile_changed(user_id)``: only that person's profile page (their activities).

The same tokens keep what staff pages count over the whole program (``kept``):
the dashboard's award counts (the directory's token), its pipeline counts
(``desks.dashboard.PIPELINE``) and the evaluations queue's whole-cycle reads
(``evaluations.selectors.QUEUE``); those two are replaced on every save and
delete of the rows they read (``replaced_on_writes``).

A token is replaced twice: at once, and again when the transaction commits; a
visitor who read the old rows between the two keeps them only under the first
token, which the second makes unreachable. Tokens are set, not incremented,
so any cache backend is safe (no lost update); each also carries the time it
was made, the pages' Last-Modified.

Reads go through ``read_many``: a signed-in or API request reads at once what the
same caller's last request to the same address read (``request_read_ahead``), and
the reads inside it are answered from that, each still checked against its tokens;
a token or value this process writes meanwhile is what the later reads see.
"""

from __future__ import annotations

import hashlib
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

DIRECTORY = "public:gen:directory"


def profile_generation_key(user_id: int) -> str:
    return f"public:gen:profile:{user_id}"


def _new_token() -> str:
    return f"{time.time_ns()}.{secrets.token_hex(4)}"


def _replace(keys: list[str]) -> None:
    tokens = {key: _new_token() for key in keys}
    cache.set_many(tokens, timeout=None)
    _written(tokens)


def generations_changed(keys: list[str]) -> None:
    """Replace the tokens of ``keys`` now and when the transaction commits (also
    used by the per-person cache of the home page's items, ``mvp_portal.attention``,
    and the dashboard's pipeline counts). The commit's replacement is asked for once
    per transaction, however many rows a bulk write changes in it."""
    keys = list(keys)
    _replace(keys)
    if not transaction.get_connection().in_atomic_block:
        return  # outside a transaction the write has committed: once is enough
    if _replacement_pending(keys):
        return
    on_commit = partial(_replace, keys)
    on_commit.generation_keys = keys
    transaction.on_commit(on_commit)


def _replacement_pending(keys: list[str]) -> bool:
    """Whether this transaction will already replace ``keys`` at its commit (a savepoint
    rolled back takes its callbacks with it, so it is asked each time)."""
    pending = transaction.get_connection().run_on_commit
    return any(getattr(func, "generation_keys", None) == keys for _ids, func, _robust in pending)


def replaced_on_writes(key: str, models: Iterable[type]) -> None:
    """Every save and delete of a row of ``models``, and every set-based write of them
    (``mvp_portal.bulk``), replaces the token of ``key`` (signals connected once, from an app's
    ``ready()``): for a value kept over rows that too many services write to call
    ``generations_changed`` at each of them."""
    from django.db.models.signals import post_delete, post_save

    from mvp_portal.bulk import rows_written

    def replace(**_signal) -> None:
        generations_changed([key])

    for model in models:
        for signal in (post_save, post_delete, rows_written):
            signal.connect(replace, sender=model, weak=False, dispatch_uid=f"{key}:{model._meta.label}")


def directory_changed() -> None:
    """Every public page is stale: listings, facet counts and profiles."""
    generations_changed([DIRECTORY])


def profile_changed(user_id: int) -> None:
    """The public profile of ``user_id`` is stale (not the directory's cards)."""
    generations_changed([profile_generation_key(user_id)])


_consulted: ContextVar[dict[str, str] | None] = ContextVar("generations_consulted", default=None)


def generations(keys: Iterable[str], found: dict | None = None) -> list[str]:
    """The current token of each key (one round trip; none when ``found``, what one round trip
    that asked for them too read); a missing one is made."""
    keys = list(keys)
    found = read_many(keys) if found is None else found
    for key in keys:
        if key not in found:
            token = _new_token()
            # add: two processes making the first token agree on one of them.
            found[key] = token if cache.add(key, token, timeout=None) else cache.get(key, token)
            _written({key: found[key]})
    consulted = _consulted.get()
    if consulted is not None:
        for key in keys:
            consulted.setdefault(key, found[key])
    return [found[key] for key in keys]


@contextmanager
def generations_consulted() -> Iterator[dict[str, str]]:
    """Every token read inside the block, as it was first read: what a page drawn in the block
    depends on besides its rows (``mvp_portal.kept_pages``)."""
    consulted: dict[str, str] = {}
    reset = _consulted.set(consulted)
    try:
        yield consulted
    finally:
        _consulted.reset(reset)


_ABSENT = object()
# What was read ahead for the reads inside a block (key → value, or _ABSENT), and every key read inside
# a request's block (``request_read_ahead``), for its next time.
_read_ahead: ContextVar[dict | None] = ContextVar("public_cache_read_ahead", default=None)
_read_keys: ContextVar[dict | None] = ContextVar("public_cache_read_keys", default=None)
# The keys each caller's request to an address read last time, in this process: only a guess, which
# every reader checks (a value is kept with the tokens it was computed under).
_PLANS: dict[int, tuple[str, ...]] = {}
_PLANS_AT_MOST = 10_000


def read_many(keys: list[str]) -> dict:
    """``cache.get_many(keys)``, but answered from what was read ahead when that holds them all."""
    recorded = _read_keys.get()
    if recorded is not None:
        recorded.update(dict.fromkeys(keys))
    ahead = _read_ahead.get()
    if ahead is not None and all(key in ahead for key in keys):
        return {key: ahead[key] for key in keys if ahead[key] is not _ABSENT}
    return cache.get_many(keys)


@contextmanager
def _ahead(keys: list[str], found: dict) -> Iterator[None]:
    """``found`` (what a read of ``keys`` found) answers the reads inside the block; inside a
    block already, added to what that one read."""
    read = {key: found.get(key, _ABSENT) for key in keys}
    ahead = _read_ahead.get()
    if ahead is not None:
        ahead.update(read)
        yield
        return
    reset = _read_ahead.set(read)
    try:
        yield
    finally:
        _read_ahead.reset(reset)


def _written(values: dict) -> None:
    """What this process just wrote, as later reads inside a read-ahead block must see it."""
    ahead = _read_ahead.get()
    if ahead is not None:
        ahead.update(values)


@contextmanager
def request_read_ahead(caller: tuple | None) -> Iterator[None]:
    """A request of ``caller`` (who is asking, for which address; None: not one to plan): what the
    same caller's last request read is read first, in one round trip, and the reads inside the
    block are answered from it (``read_many``): the session, the viewer, the kept page and their
    tokens, which a request otherwise reads one after the other. What it reads now is the plan
    for its next time."""
    if caller is None:
        yield
        return
    plan_key = hash(caller)
    plan = list(_PLANS.get(plan_key, ()))
    recorded: dict[str, None] = {}
    reset = _read_keys.set(recorded)
    try:
        with _ahead(plan, cache.get_many(plan) if plan else {}):
            yield
    finally:
        _read_keys.reset(reset)
        if recorded:
            if len(_PLANS) >= _PLANS_AT_MOST:
                _PLANS.clear()
            _PLANS[plan_key] = tuple(map(sys.intern, recorded))  # the tokens' keys shared by every plan


def kept_key(name: str, parts: tuple) -> str:
    return f"kept:{name}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def kept(name: str, parts: tuple, generation_keys: Iterable[str], compute: Callable, *, timeout: int):
    """``compute()``'s value, kept in the shared cache under ``name`` and ``parts`` (what the
    value is of: a day, a query's SQL and parameters) with the tokens of ``generation_keys`` it
    was computed under: computed again once any of those generations is replaced. One round trip
    reads the value and the current tokens (none, inside ``read_ahead`` for it); the tokens are
    read before ``compute`` reads rows."""
    keys = list(generation_keys)
    key = kept_key(name, parts)
    found = read_many([key, *keys])
    tokens = generations(keys, found)
    stored = found.get(key)
    if stored is not None and stored[0] == tokens:
        return stored[1]
    value = compute()
    if value is not None:
        cache.set(key, (tokens, value), timeout=timeout)
        _written({key: (tokens, value)})
    return value


def read_ahead(things: Iterable[tuple[str, tuple, Iterable[str]]]):
    """Several kept values (``kept``'s name, parts and generation keys) and their tokens read in
    one round trip, for the ``kept`` calls inside the block that ask for them: what one request
    needs one after the other, but knows at once."""
    keys = list(
        dict.fromkeys(
            key for name, parts, generation_keys in things for key in (kept_key(name, parts), *generation_keys)
        )
    )
    return _ahead(keys, read_many(keys))


class PublicPage:
    """One public page's identity: its cache key, ETag and Last-Modified.

    ``parts`` is the normalised request (page name, language, day, filters);
    ``generation_keys`` the tokens the page depends on.
    """

    def __init__(self, parts: Iterable[object], generation_keys: Iterable[str]):
        tokens = generations(generation_keys)
        identity = "|".join([*(str(part) for part in parts), *tokens])
        self.key = "public:page:" + hashlib.sha256(identity.encode()).hexdigest()
        self.last_modified = max(int(token.split(".")[0]) for token in tokens) // 1_000_000_000

    def etag(self, *extra: str) -> str:
        """The entity tag; ``extra`` adds what the page shell varies on (the CSRF cookie)."""
        digest = hashlib.sha256("|".join([self.key, *extra]).encode()).hexdigest()[:32]
        return f'"{digest}"'

    def last_modified_at(self, floor: datetime | None = None) -> datetime:
        moment = datetime.fromtimestamp(self.last_modified, tz=UTC)
        return max(moment, floor) if floor else moment

    def get_or_render(self, render: Callable[[], dict]) -> dict:
        """The cached payload of this page, or ``render()`` stored under its key."""
        payload = cache.get(self.key)
        if payload is None:
            payload = render()
            cache.set(self.key, payload, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        return payload


# A page kept whole for anonymous visitors, its shell included: the shell holds each
# visitor's own values (the CSRF token of the language menu and of any form, the address
# the language menu returns to), so it is kept with slots where they go, written in per
# request. A visitor with messages waiting gets the page rendered for them.
SHELL_SLOTS = {"csrf_token": "mvpshellslotcsrftoken", "language_next": "mvpshellslotlanguagenext"}


def kept_shell(request, template: str, context: dict) -> str:
    """``template`` around ``context`` as every anonymous visitor shares it: slots for their own values."""
    return render_to_string(template, {**context, **SHELL_SLOTS, "messages": ()}, request=request)


def shell_for(request, kept: str) -> str:
    """The kept page with this visitor's values written into its slots."""
    own = {"csrf_token": get_token(request), "language_next": escape(request.get_full_path())}
    for name, slot in SHELL_SLOTS.items():
        kept = kept.replace(slot, own[name])
    return kept


def messages_waiting(request) -> bool:
    return bool(len(messages.get_messages(request)))
