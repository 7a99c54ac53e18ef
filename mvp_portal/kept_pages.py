"""Signed-in pages kept whole for their viewer until the database is written.

A staff queue, the review page, an evaluation form or a nominee's dossier reads
rows of every app (dossiers, activities, evaluations, assignments, conflicts,
decisions, people, roles), and what it shows depends on the viewer's rights over
them. A generation per kind of row would serve a reviewer a stale page the day
one write is forgotten, so these pages have ONE rule, not one per write:

- every statement that writes to the database (INSERT, UPDATE, DELETE, through
  a save, a queryset's ``update()``, ``mvp_portal.bulk`` or raw SQL, in any web
  process or Celery worker) replaces the generation ``PAGES``: at once and when
  its transaction commits (``public_cache.generations_changed``). A kept page is
  served only while nothing has been written since it was drawn.

Left out of the rule are the tables no page shows, which are written while
nobody changes anything: the sessions (``cached_db`` saves them on a sign-in and
when their data changes) and Celery beat's schedule (beat writes it every few
seconds).

A page is kept per viewer, second factor, language, day (``today``: what counts,
what is due and which award dates are open change with it) and full address.
It is never kept for a POST, when the viewer has messages waiting, or when the
page is drawn with errors (the views pass bound forms to their own renderer).
The viewer's own values, the CSRF token of every form and the language menu's
return address, are slots written in per request (``public_cache.shell_for``).
The views check access before asking for a kept page, on every request.
``KEPT_PAGE_SECONDS`` bounds what the rule cannot see: a write made outside
Django, the time of day. ``0`` turns keeping off.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from . import public_cache

PAGES = "kept:gen:pages"

_WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|MERGE)\b", re.IGNORECASE)
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_WRITE_ANYWHERE = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Quoted as Django writes table names; a prefix leaves out all of Celery beat's tables.
UNSHOWN_TABLES = ('"django_session"', '"django_celery_beat_')


def is_write(sql: str) -> bool:
    """Whether ``sql`` may change a row a page shows (a ``SELECT … FOR UPDATE`` does not)."""
    if not (_WRITE.match(sql) or (_WITH.match(sql) and _WRITE_ANYWHERE.search(sql))):
        return False
    return not any(table in sql for table in UNSHOWN_TABLES)


def pages_changed() -> None:
    public_cache.generations_changed([PAGES])


def _replace_on_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if is_write(sql):
        pages_changed()
    return result


def _watch(connection) -> None:
    if _replace_on_write not in connection.execute_wrappers:
        connection.execute_wrappers.append(_replace_on_write)


def watch_writes() -> None:
    """Every database connection of this process, and every one opened later, replaces ``PAGES``
    when it writes (called once, from an app's ``ready()``)."""
    connection_created.connect(lambda connection, **_: _watch(connection), weak=False, dispatch_uid=PAGES)
    for connection in connections.all(initialized_only=True):
        _watch(connection)


def page(request: HttpRequest, template: str, context: Callable[[], dict], *, today: date) -> HttpResponse:
    """``template`` drawn with ``context()``, or the viewer's kept copy of it (see above)."""
    if request.method != "GET" or settings.KEPT_PAGE_SECONDS <= 0 or public_cache.messages_waiting(request):
        return render(request, template, context())
    user = request.user
    verified = getattr(user, "is_verified", lambda: False)()
    parts = (template, user.pk, verified, translation.get_language(), today.isoformat(), request.get_full_path())
    [token] = public_cache.generations([PAGES])
    key = f"kept:page:{user.pk}:" + hashlib.sha256(repr((parts, token)).encode()).hexdigest()
    kept = cache.get(key)
    if kept is None:
        kept = public_cache.kept_shell(request, template, context())
        cache.set(key, kept, timeout=settings.KEPT_PAGE_SECONDS)
    return HttpResponse(public_cache.shell_for(request, kept))
