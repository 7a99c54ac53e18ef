"""Signed-in pages kept whole for their viewer until what they read is written.

A staff queue, the review page, an evaluation form or a nominee's dossier reads
rows of many apps (dossiers, activities, evaluations, assignments, conflicts,
decisions, people, roles), and what it shows depends on the viewer's rights over
them. A list of what each page depends on, kept by hand, would serve a reviewer
a stale page the day someone forgets a write; so the pages record it themselves,
and there is ONE rule, for every write:

- every statement that writes to the database (a save, a queryset's ``update()``,
  ``mvp_portal.bulk``, raw SQL; in any web process or Celery worker: a wrapper on
  every database connection) replaces the generation token of each table it
  names, at once and when its transaction commits (``public_cache.generations_changed``);
  but the sessions' and Celery beat's tables (``UNREAD_TABLES``), which no kept view reads.

A kept view (``@keep``) reads every table's token before it reads anything, then
notes each table its queries read, its access checks included, and each generation
token it consults (the counts and navigation kept in ``public_cache`` and
``attention``). Its page is kept with those tokens and served again only while
all of them are unchanged: a nominee saving an activity leaves a lead's queue kept
if the queue did not read activities, and draws again every page that did.
A value kept in process memory over database rows would hide its table from
this record: there is none, and there must be none (a kept value goes through
``public_cache.kept``, whose generation is consulted).

A page is kept per view, viewer (their account row as read for this request,
their roles and second factor), language, program day (what counts, what is due
and which award dates are open change with it) and full address. The kept copy is
served before the view runs, access checks included: whether the viewer may see
the page is a function of the same viewer, day and rows, so it stands while they
do; a role taken away, a conflict declared, a dossier moved to another country or
deleted is a write to a table the check read, and the next request runs the view.
Nothing is kept for a POST, for a viewer with messages waiting, or for a page drawn
with errors (the views pass bound forms to their own renderer). The viewer's own
values, the CSRF token of every form and the language menu's return address, are
slots written in per request (``public_cache.shell_for``). ``KEPT_PAGE_SECONDS``
bounds what the rule cannot see (a write made outside Django, the time of day);
``0`` turns keeping off.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import LazyObject

from . import public_cache
from .accounts.roles import role_names
from .program_calendar import program_today

_WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|MERGE)\b", re.IGNORECASE)
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_WRITE_ANYWHERE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Written while nobody changes anything, and read by no kept view: the sessions (``cached_db`` saves
# them on a sign-in and when their data changes; a view reads its session before it is recorded) and
# Celery beat's schedule (beat writes it every few seconds).
UNREAD_TABLES = ("django_session", "django_celery_beat_")


@functools.cache
def _all_tables() -> frozenset[str]:
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def table_key(table: str) -> str:
    return f"kept:gen:table:{table}"


def tables_in(sql: str) -> frozenset[str]:
    """The portal's tables ``sql`` names (quoted or not; a word that is a table's name counts)."""
    return _all_tables().intersection(_WORD.findall(sql))


def tables_written(sql: str) -> frozenset[str]:
    """The tables a statement may change (every table it names: a subquery's too); none for a read,
    a ``SELECT … FOR UPDATE`` included."""
    if _WRITE.match(sql) or (_WITH.match(sql) and _WRITE_ANYWHERE.search(sql)):
        return frozenset(table for table in tables_in(sql) if not table.startswith(UNREAD_TABLES))
    return frozenset()


def tables_changed(tables) -> None:
    public_cache.generations_changed(sorted(table_key(table) for table in tables))


def kept_over_tables(name: str, parts: tuple, tables, compute: Callable):
    """``compute()``'s value kept in the shared cache under ``name`` and ``parts`` until one of
    ``tables`` is written (``public_cache.kept`` under their tokens); computed each time when
    keeping is off (``KEPT_PAGE_SECONDS`` 0)."""
    if not keeping_on():
        return compute()
    keys = [table_key(table) for table in tables]
    return public_cache.kept(name, parts, keys, compute, timeout=settings.KEPT_PAGE_SECONDS)


def read_ahead(*things: tuple[str, tuple, Iterable[str]]):
    """Several values kept until their tables are written (``kept_over_tables``'s name, parts and
    tables) read in one round trip, for the calls inside the block (``public_cache.read_ahead``)."""
    if not keeping_on():
        return nullcontext()
    return public_cache.read_ahead(
        (name, parts, [table_key(table) for table in tables]) for name, parts, tables in things
    )


@dataclasses.dataclass
class _Reading:
    """What a kept view has read since it began: each table's token as it was before, the tables
    its queries named, the generation tokens it consulted; and where its page is kept."""

    key: str
    tokens: dict[str, str]
    tables: set[str] = dataclasses.field(default_factory=set)
    consulted: dict[str, str] = dataclasses.field(default_factory=dict)

    def depends_on(self) -> dict[str, str]:
        return {**self.consulted, **{key: self.tokens[key] for key in map(table_key, self.tables)}}


_reading: ContextVar[_Reading | None] = ContextVar("kept_pages_reading", default=None)


def _follow(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    written = tables_written(sql)
    if written:
        tables_changed(written)
    elif (reading := _reading.get()) is not None:
        reading.tables.update(tables_in(sql))
    return result


def _watch(connection) -> None:
    if _follow not in connection.execute_wrappers:
        connection.execute_wrappers.append(_follow)


def watch_statements() -> None:
    """Every database connection of this process, and every one opened later, follows its
    statements (called once, from an app's ``ready()``)."""
    connection_created.connect(lambda connection, **_: _watch(connection), weak=False, dispatch_uid=__name__)
    for connection in connections.all(initialized_only=True):
        _watch(connection)


def keep(view: Callable) -> Callable:
    """The view's GET answers with the viewer's kept copy while nothing it read has changed; else
    the view runs, and the page it draws with ``page`` is kept with what it read, from its start."""

    @functools.wraps(view)
    def kept_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or not keeping(request.user) or public_cache.messages_waiting(request):
            return view(request, *args, **kwargs)
        key = key_for(view, request)
        html = kept(key)
        if html is not None:
            return HttpResponse(public_cache.shell_for(request, html))
        with reading_from_here(key):
            return view(request, *args, **kwargs)

    return kept_view


def keeping_on() -> bool:
    return settings.KEPT_PAGE_SECONDS > 0


def keeping(user) -> bool:
    return keeping_on() and user.is_authenticated


def key_for(view: Callable, request, *more) -> str:
    """The view, the viewer (their account row as read for this request, roles, second factor), the
    language, the program's day, the full address and ``more`` (an answer's media type)."""
    user = request.user
    user_id = user.pk  # the lazy ``request.user`` set up
    account = user._wrapped if isinstance(user, LazyObject) else user  # its fields read without the proxy
    row = tuple(getattr(account, field.attname) for field in account._meta.concrete_fields)
    verified = getattr(user, "is_verified", lambda: False)()
    parts = (
        view.__module__,
        view.__qualname__,
        user_id,
        row,
        sorted(role_names(user)),
        verified,
        translation.get_language(),
        program_today().isoformat(),
        request.get_full_path(),
        more,
    )
    return f"kept:page:{user_id}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


# The token keys each page was last seen kept with in this process, so that the page and its
# tokens are read in one round trip. Only a guess of which keys to read (what the page is kept with
# decides); bounded, and its keys interned (each table's key is shared by most pages).
_DEPENDS_SEEN: dict[str, tuple[str, ...]] = {}
_DEPENDS_SEEN_AT_MOST = 10_000


def kept(key: str):
    """What is kept under ``key``, if nothing it read has changed since; else None."""
    guess = _DEPENDS_SEEN.get(key, ())
    found = public_cache.read_many([key, *guess])
    if key not in found:
        return None
    depends_on, value = found[key]
    keys = tuple(depends_on)
    if keys != guess:
        if len(_DEPENDS_SEEN) >= _DEPENDS_SEEN_AT_MOST:
            _DEPENDS_SEEN.clear()
        _DEPENDS_SEEN[key] = tuple(map(sys.intern, keys))
        found = None  # read the tokens it was kept with
    return value if public_cache.generations(keys, found) == list(depends_on.values()) else None


@contextmanager
def reading_from_here(key: str) -> Iterator[_Reading]:
    """Record what is read in the block, for a value kept under ``key`` (``keep_value``)."""
    keys = [table_key(table) for table in sorted(_all_tables())]
    # Read before any row: a write that commits after this replaces a token kept with the value.
    reading = _Reading(key, tokens=dict(zip(keys, public_cache.generations(keys), strict=True)))
    reset = _reading.set(reading)
    try:
        with public_cache.generations_consulted() as consulted:
            reading.consulted = consulted
            yield reading
    finally:
        _reading.reset(reset)


def keep_value(value) -> None:
    """Keep ``value`` with what was read so far (inside ``reading_from_here``; else nothing)."""
    reading = _reading.get()
    if reading is not None:
        cache.set(reading.key, (reading.depends_on(), value), timeout=settings.KEPT_PAGE_SECONDS)


def page(request: HttpRequest, template: str, context: Callable[[], dict]) -> HttpResponse:
    """``template`` drawn with ``context()``, kept for the viewer when the view is ``@keep``'s
    (see above); drawn each time in any other view."""
    if _reading.get() is None:
        return render(request, template, context())
    html = public_cache.kept_shell(request, template, context())
    keep_value(html)
    return HttpResponse(public_cache.shell_for(request, html))
