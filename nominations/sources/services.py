"""Every write of the sources: connect, sync, accept, dismiss, disconnect.

A sync is claimed by compare-and-set (``syncing_since``), so two workers never
sync one connection at once; it fetches outside any transaction and writes
its result in one. What it finds becomes suggestions (unique per person and
key, so a re-sync or a second source never duplicates one, and a dismissed
one never comes back); accepting one goes through ``activity_save`` like any
hand-entered activity and records the provenance.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal
from mvp_portal.attention import attention_changed
from mvp_portal.jobs.services import job_advance, job_error, job_finish, job_start
from nominations.canonical import canonical_url
from nominations.models import (
    MAX_METRIC,
    Activity,
    ActivityProvenance,
    ActivityType,
    Dossier,
    SourceConnection,
    Suggestion,
)
from nominations.services import activity_save, dossier_log

from .connectors import CONNECTORS, FoundItem, SourceClient
from .connectors.base import suggestion_key
from .fetch import FetchError
from .tokens import decrypt_token, encrypt_token

logger = logging.getLogger(__name__)

SYNC_EVERY = timedelta(days=1)
BACKOFF_FIRST = timedelta(hours=1)
BACKOFF_MAX = timedelta(days=1)
SYNC_NOW_EVERY = timedelta(minutes=10)
# A claim older than this belongs to a worker that died: the next sync may take it over.
CLAIM_STALE_AFTER = timedelta(minutes=10)
# A due connection handed to a worker is not handed out again for this long (the task may be lost).
DISPATCH_LEASE = timedelta(hours=1)
MAX_CONNECTIONS = 10
# The job (mvp_portal.jobs) of a connection's sync: its ref is the connection's id.
SYNC_JOB = "source_sync"
DUE_BATCH = 500


def backoff_delay(failures: int) -> timedelta:
    """1 h after the first failure in a row, then 2 h, 4 h … at most a day."""
    if failures < 1:
        return SYNC_EVERY
    return min(BACKOFF_FIRST * 2 ** min(failures - 1, 10), BACKOFF_MAX)


def source_subject(kind: str) -> str:
    """How an error sentence names the source: "The feed answered 404 Not Found"."""
    return {
        SourceConnection.Kind.FEED: _("The feed"),
        SourceConnection.Kind.YOUTUBE: _("YouTube"),
        SourceConnection.Kind.GITHUB: _("GitHub"),
        SourceConnection.Kind.SESSIONIZE: _("Sessionize"),
    }.get(kind, _("The source"))


def suggestion_window_start(*, owner_id: int, today: date) -> date:
    """The first day worth suggesting: the start of the 12 months before
    ``today`` (a documentation period), or earlier when a dossier the owner
    can still edit covers earlier days."""
    year_ago = cal.add_months(today, -12) + timedelta(days=1)
    starts = Dossier.objects.filter(owner_id=owner_id, state__in=Dossier.EDITABLE_STATES).values_list(
        "period_start", flat=True
    )
    return min([year_ago, *starts])


# Connecting ----------------------------------------------------------------------
def _enqueue_sync(connection_id: int) -> None:
    from .tasks import source_sync

    transaction.on_commit(lambda: source_sync.delay(connection_id))


@transaction.atomic
def source_connect(*, owner, kind: str, identifier: str, token: str = "", now: datetime) -> SourceConnection:
    """Connect a source to ``owner``; its first sync starts at once, in a worker."""
    if kind not in SourceConnection.Kind.values:
        raise ValidationError(_("This kind of source is not known."))
    if SourceConnection.objects.filter(owner=owner).count() >= MAX_CONNECTIONS:
        raise ValidationError(
            _("You have %(count)s sources connected, the most we keep: disconnect one first.")
            % {"count": MAX_CONNECTIONS}
        )
    try:
        with transaction.atomic():
            connection = SourceConnection.objects.create(
                owner=owner,
                kind=kind,
                identifier=identifier,
                token_encrypted=encrypt_token(token) if kind == SourceConnection.Kind.GITHUB else "",
                next_sync_at=now + DISPATCH_LEASE,
                sync_requested_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("This source is already connected to your account.")) from None
    _enqueue_sync(connection.pk)
    return connection


def _owned(connection_id: int, actor) -> SourceConnection:
    connection = SourceConnection.objects.select_for_update().filter(pk=connection_id).first()
    if connection is None or actor is None or connection.owner_id != actor.pk:
        raise PermissionDenied(_("Only the person who connected a source may change it."))
    return connection


@transaction.atomic
def source_disconnect(*, connection_id: int, actor) -> None:
    """Forget a connection (and its token). Its pending suggestions go with it;
    dismissed ones stay dismissed, accepted activities keep their provenance."""
    connection = _owned(connection_id, actor)
    Suggestion.objects.filter(connection=connection, state=Suggestion.State.PENDING).delete()
    connection.delete()
    attention_changed(connection.owner_id)


@transaction.atomic
def source_request_sync(*, connection_id: int, actor, now: datetime) -> SourceConnection:
    """The owner's "sync now": at most once per ``SYNC_NOW_EVERY``."""
    connection = _owned(connection_id, actor)
    if connection.sync_requested_at and connection.sync_requested_at > now - SYNC_NOW_EVERY:
        again = connection.sync_requested_at + SYNC_NOW_EVERY
        raise ValidationError(
            _("This source was synced on request a few minutes ago; you can ask again from %(time)s.")
            % {"time": f"{again.astimezone(cal.program_time_zone()):%H:%M}"}
        )
    connection.sync_requested_at = now
    connection.next_sync_at = now + DISPATCH_LEASE
    connection.save(update_fields=["sync_requested_at", "next_sync_at"])
    _enqueue_sync(connection.pk)
    return connection


@transaction.atomic
def sources_claim_due(*, now: datetime, limit: int = DUE_BATCH) -> list[int]:
    """The connections due for a sync, handed out once: their next sync moves
    a lease ahead, so a lost task only delays them by ``DISPATCH_LEASE``."""
    ids = list(
        SourceConnection.objects.select_for_update(skip_locked=True)
        .filter(next_sync_at__lte=now)
        .order_by("next_sync_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        SourceConnection.objects.filter(pk__in=ids).update(next_sync_at=now + DISPATCH_LEASE)
    return ids


# Syncing ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SyncOutcome:
    status: str  # "synced", "unchanged", "failed", "busy", "gone"
    created: int = 0
    message: str = ""


def _github_token(connection: SourceConnection) -> str:
    if connection.kind != SourceConnection.Kind.GITHUB:
        return ""
    return decrypt_token(connection.token_encrypted) or getattr(settings, "SOURCES_GITHUB_TOKEN", "")


def source_sync(*, connection_id: int, now: datetime, today: date, resumed: bool = False) -> SyncOutcome:
    """Fetch one connection and record what it found (the task's service).

    Conditional requests make a sync with nothing new cost one 304 per URL; a
    failure is recorded in words with the next try ``backoff_delay`` later.

    Each sync is a job (``SYNC_JOB``, per connection): its heartbeat moves when
    the fetch is done, and the job sweeper dispatches a stalled one again with
    ``resumed``, which takes over a claim older than ``JOB_STALL_AFTER`` (the
    dead worker's) instead of waiting ``CLAIM_STALE_AFTER``. A second sync is
    safe: suggestions are unique per person and key."""
    stale_before = now - (min(CLAIM_STALE_AFTER, settings.JOB_STALL_AFTER) if resumed else CLAIM_STALE_AFTER)
    claimed = (
        SourceConnection.objects.filter(pk=connection_id)
        .filter(Q(syncing_since__isnull=True) | Q(syncing_since__lt=stale_before))
        .update(syncing_since=now, last_attempt_at=now)
    )
    if not claimed:
        exists = SourceConnection.objects.filter(pk=connection_id).exists()
        if not exists:
            job_finish(kind=SYNC_JOB, ref=connection_id)  # disconnected: nothing left to resume
        return SyncOutcome("busy" if exists else "gone")
    connection = SourceConnection.objects.get(pk=connection_id)
    job_start(kind=SYNC_JOB, ref=connection_id, label=f"Sync of source {connection_id}", total=2)
    try:
        outcome = _sync_claimed(connection, now=now, today=today)
    except Exception as exc:  # left running: the sweeper tries again, at most JOB_MAX_RESUMES times
        job_error(kind=SYNC_JOB, ref=connection_id, error=exc)
        raise
    job_finish(kind=SYNC_JOB, ref=connection_id)
    return outcome


def _sync_claimed(connection: SourceConnection, *, now: datetime, today: date) -> SyncOutcome:
    connection_id = connection.pk
    client = SourceClient(connection.validators, token=_github_token(connection))
    since = suggestion_window_start(owner_id=connection.owner_id, today=today)
    try:
        collected = CONNECTORS[connection.kind].collect(connection, client, since=since, today=today)
    except Exception as exc:  # every failure is recorded, so the connection is never left claimed
        if not isinstance(exc, FetchError):
            logger.exception("Source %s could not be synced", connection_id)
        return _record_failure(connection_id, exc, now=now)
    job_advance(kind=SYNC_JOB, ref=connection_id, done=1)  # fetched: what is left is one transaction
    with transaction.atomic():
        connection = SourceConnection.objects.select_for_update().filter(pk=connection_id).first()
        if connection is None:  # disconnected while we were fetching
            return SyncOutcome("gone")
        if collected.title:
            connection.title = collected.title[:200]  # suggestions name the source by it
        created = _record_suggestions(connection, collected.items, now=now) if collected.changed else 0
        fields = {
            "validators": client.validators,
            "last_synced_at": now,
            "failures": 0,
            "last_error": "",
            "last_error_at": None,
            "new_suggestions": created,
            "next_sync_at": now + SYNC_EVERY,
            "syncing_since": None,
        }
        if collected.changed:
            fields["items_found"] = len(collected.items)
        if collected.title:
            fields["title"] = connection.title
        if collected.cache is not None:
            fields["cache"] = collected.cache
        for name, value in fields.items():
            setattr(connection, name, value)
        connection.save(update_fields=list(fields))
    logger.info("Source %s synced: %s requests %s, %s new", connection_id, connection.kind, client.log, created)
    return SyncOutcome("synced" if collected.changed else "unchanged", created)


def _record_failure(connection_id: int, exc: Exception, *, now: datetime) -> SyncOutcome:
    with transaction.atomic():
        connection = SourceConnection.objects.select_for_update().filter(pk=connection_id).first()
        if connection is None:
            return SyncOutcome("gone")
        subject = source_subject(connection.kind)
        if isinstance(exc, FetchError):
            message = exc.describe(subject)
        else:
            message = _("%(source)s sent something we could not read") % {"source": subject}
        failures = connection.failures + 1
        next_sync = now + backoff_delay(failures)
        retry_at = getattr(exc, "details", {}).get("retry_at")
        if isinstance(retry_at, datetime) and next_sync < retry_at <= now + BACKOFF_MAX:
            next_sync = retry_at
        connection.failures = failures
        connection.last_error = message[:500]
        connection.last_error_at = now
        connection.next_sync_at = next_sync
        connection.syncing_since = None
        connection.save(update_fields=["failures", "last_error", "last_error_at", "next_sync_at", "syncing_since"])
    logger.info("Source %s failed (%s in a row): %s", connection_id, failures, exc)
    return SyncOutcome("failed", message=message)


def activity_keys(owner_id: int) -> set[str]:
    """The keys of the owner's activities, in both forms (URL; URL and date), for dedupe."""
    keys: set[str] = set()
    for url, started_on in (
        Activity.objects.filter(dossier__owner_id=owner_id).exclude(url="").values_list("url", "started_on")
    ):
        canonical = canonical_url(url)
        keys.add(canonical)
        keys.add(suggestion_key(canonical, started_on, page_shared=True))
    return keys


def _bounded(value: int | None) -> int | None:
    return None if value is None else max(0, min(int(value), MAX_METRIC))


def _record_suggestions(connection: SourceConnection, items: list[FoundItem], *, now: datetime) -> int:
    """New items become pending suggestions; pending ones get fresh metrics.
    Items already entered by hand (same canonical URL) are not suggested.
    Returns how many suggestions were made."""
    by_key: dict[str, FoundItem] = {}
    for item in items:
        if item.canonical_url:
            by_key.setdefault(item.key, item)
    if not by_key:
        return 0
    existing = {s.key: s for s in Suggestion.objects.filter(owner_id=connection.owner_id, key__in=list(by_key))}
    refreshed = []
    for key, suggestion in existing.items():
        item = by_key[key]
        if suggestion.state == Suggestion.State.PENDING and (
            suggestion.metrics != item.metrics or suggestion.reach != _bounded(item.reach)
        ):
            suggestion.metrics, suggestion.reach, suggestion.fetched_at = item.metrics, _bounded(item.reach), now
            refreshed.append(suggestion)
    if refreshed:
        Suggestion.objects.bulk_update(refreshed, ["metrics", "reach", "fetched_at"])
    entered = activity_keys(connection.owner_id)
    types = {t.slug: t for t in ActivityType.objects.filter(is_active=True)}
    new = []
    for key, item in by_key.items():
        if key in existing or key in entered:
            continue
        activity_type = types.get(item.type_slug) or types.get("other")
        has_reach = bool(activity_type and activity_type.reach_label)
        has_second = bool(activity_type and activity_type.second_quantity_label)
        new.append(
            Suggestion(
                owner_id=connection.owner_id,
                connection=connection,
                source_kind=connection.kind,
                source_name=str(connection.display_name)[:200],
                key=key[:600],
                url=item.url[:500],
                canonical_url=item.canonical_url[:500],
                title=item.title[:200] or item.url[:200],
                occurred_on=item.occurred_on,
                ended_on=item.ended_on,
                description=item.description[:1000],
                activity_type=activity_type,
                quantity=max(1, min(item.quantity, MAX_METRIC)),
                second_quantity=_bounded(item.second_quantity) if has_second else None,
                reach=_bounded(item.reach) if has_reach else None,
                metrics=item.metrics,
                fetched_at=now,
            )
        )
    if not new:
        return 0
    Suggestion.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    attention_changed(connection.owner_id)
    return Suggestion.objects.filter(
        owner_id=connection.owner_id, connection=connection, fetched_at=now, key__in=[s.key for s in new]
    ).count()


# Deciding ----------------------------------------------------------------------------
def _pending_of(suggestion_id: int, actor) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().filter(pk=suggestion_id).first()
    if suggestion is None or actor is None or suggestion.owner_id != actor.pk:
        raise PermissionDenied(_("Only the person a suggestion was made for may decide on it."))
    if suggestion.state != Suggestion.State.PENDING:
        raise ValidationError(
            _("This suggestion is no longer waiting: %(state)s.") % {"state": suggestion.get_state_display().lower()}
        )
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion_id: int, actor, dossier_id: int, today: date, now: datetime, **fields) -> Activity:
    """Add the suggested activity (as the owner edited it) to an editable
    dossier through ``activity_save``, so every rule of hand entry applies, and
    record where it came from."""
    suggestion = _pending_of(suggestion_id, actor)
    activity = activity_save(dossier_id=dossier_id, actor=actor, today=today, **fields)
    ActivityProvenance.objects.create(
        activity=activity,
        connection_id=suggestion.connection_id,
        source_kind=suggestion.source_kind,
        source_name=suggestion.source_name,
        canonical_url=suggestion.canonical_url,
        fetched_at=suggestion.fetched_at,
        metrics=suggestion.metrics,
    )
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.decided_at = now
    suggestion.activity = activity
    suggestion.save(update_fields=["state", "decided_at", "activity"])
    attention_changed(suggestion.owner_id)
    dossier_log(
        dossier=activity.dossier,
        actor=actor,
        action="activity-from-source",
        activity=activity.pk,
        source=suggestion.source_name,
        url=suggestion.canonical_url,
    )
    return activity


def suggestion_dismiss(*, suggestion_id: int, actor, now: datetime) -> bool:
    """Dismiss for good: the row stays, so no sync suggests the item again.
    Returns False when it was not pending (already decided)."""
    if actor is None or not Suggestion.objects.filter(pk=suggestion_id, owner_id=actor.pk).exists():
        raise PermissionDenied(_("Only the person a suggestion was made for may decide on it."))
    dismissed = Suggestion.objects.filter(pk=suggestion_id, owner_id=actor.pk, state=Suggestion.State.PENDING).update(
        state=Suggestion.State.DISMISSED, decided_at=now
    )
    attention_changed(actor.pk)
    return bool(dismissed)
