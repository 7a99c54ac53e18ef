"""What the nominee and the reviewers see of the sources."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mvp_portal import program_calendar as cal
from nominations.models import Activity, Dossier, SourceConnection, Suggestion

from .services import activity_keys

SUGGESTIONS_SHOWN = 100


def get_connection_for(user, pk: int) -> SourceConnection:
    """The connection if ``user`` owns it; 404 for missing and forbidden alike."""
    connection = SourceConnection.objects.filter(pk=pk).first()
    if connection is None or not getattr(user, "is_authenticated", False) or connection.owner_id != user.pk:
        raise Http404("No such source.")
    return connection


def get_suggestion_for(user, pk: int) -> Suggestion:
    suggestion = Suggestion.objects.select_related("activity_type", "connection").filter(pk=pk).first()
    if suggestion is None or not getattr(user, "is_authenticated", False) or suggestion.owner_id != user.pk:
        raise Http404("No such suggestion.")
    return suggestion


# Time in words -----------------------------------------------------------------
def person_zone(user) -> ZoneInfo:
    """The person's own time zone when they set one, else the program's."""
    name = getattr(user, "time_zone", "") or ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return cal.program_time_zone()


def moment_text(moment: datetime | None, zone: ZoneInfo, *, now: datetime | None = None) -> str:
    """ "28 Nov 2026 at 10:04": the locale's short date (``now`` is kept for the callers)."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    day = date_format(local, "SHORT_DATE_FORMAT")
    return _("%(day)s at %(time)s") % {"day": day, "time": f"{local:%H:%M}"}


@dataclass(frozen=True)
class ConnectionStatus:
    connection: SourceConnection
    last_sync: str  # "28 Nov at 10:04", or "" when never synced
    next_sync: str
    error: str  # the last error as a sentence, or ""
    pending: int

    @property
    def never_synced(self) -> bool:
        return not self.connection.last_synced_at


def connection_status(
    connection: SourceConnection, zone: ZoneInfo, *, now: datetime, pending: int = 0
) -> ConnectionStatus:
    next_moment = connection.next_sync_at
    if connection.syncing_since or (connection.sync_requested_at and not connection.last_attempt_at):
        next_text = _("now (in progress)")
    else:
        next_text = moment_text(max(next_moment, now), zone, now=now)
    error = ""
    if connection.last_error and connection.last_error_at:
        if next_moment.astimezone(zone).date() == connection.last_error_at.astimezone(zone).date():
            again = _("at %(time)s") % {"time": f"{next_moment.astimezone(zone):%H:%M}"}
        else:
            again = _("on %(moment)s") % {"moment": moment_text(next_moment, zone, now=now)}
        error = _("%(what)s on %(when)s; we will try again %(again)s.") % {
            "what": connection.last_error,
            "when": moment_text(connection.last_error_at, zone, now=now),
            "again": again,
        }
    return ConnectionStatus(
        connection=connection,
        last_sync=moment_text(connection.last_synced_at, zone, now=now),
        next_sync=next_text,
        error=error,
        pending=pending,
    )


def connections_of(user, *, now: datetime) -> list[ConnectionStatus]:
    """The person's connections with their status, in one query."""
    zone = person_zone(user)
    connections = SourceConnection.objects.filter(owner=user).annotate(
        pending_count=Count("suggestions", filter=Q(suggestions__state=Suggestion.State.PENDING))
    )
    return [connection_status(c, zone, now=now, pending=c.pending_count) for c in connections]


# Suggestions -------------------------------------------------------------------
@dataclass(frozen=True)
class SuggestionList:
    shown: list[Suggestion]
    total: int


def pending_suggestions(user, *, limit: int = SUGGESTIONS_SHOWN) -> SuggestionList:
    """The latest ``limit`` pending suggestions, newest first, and how many
    there are, leaving out those entered by hand since they were found (same
    canonical URL); three queries at any size."""
    entered = activity_keys(user.pk)
    qs = Suggestion.objects.filter(owner=user, state=Suggestion.State.PENDING).select_related("activity_type")
    if entered:
        qs = qs.exclude(key__in=sorted(entered))
    return SuggestionList(shown=list(qs.order_by("-occurred_on", "-pk")[:limit]), total=qs.count())


def pending_suggestion_count(user) -> int:
    """How many suggestions wait for ``user`` (as ``pending_suggestions`` counts them)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    qs = Suggestion.objects.filter(owner=user, state=Suggestion.State.PENDING)
    if not qs.exists():
        return 0
    entered = activity_keys(user.pk)
    return (qs.exclude(key__in=sorted(entered)) if entered else qs).count()


def editable_dossiers(user) -> list[Dossier]:
    """The dossiers a suggestion can go into: the person's drafts and returned ones."""
    return list(
        Dossier.objects.filter(owner=user, state__in=Dossier.EDITABLE_STATES)
        .select_related("expertise")
        .order_by("award_date")
    )


def dossier_for(suggestion: Suggestion, dossiers: list[Dossier]) -> Dossier | None:
    """The editable dossier whose period covers the suggestion's date, else the latest."""
    covering = [d for d in dossiers if d.covers(suggestion.occurred_on)]
    return (covering or dossiers or [None])[-1]


# Provenance ------------------------------------------------------------------------
def with_provenance(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """``activities`` with their provenance joined, for ``{% provenance %}`` (nominations_tags)
    (one query for any number of activities)."""
    return activities.select_related("provenance")


METRIC_LABELS = {
    "views": lambda n: _("%(n)s views") % {"n": f"{n:,}"},
    "likes": lambda n: _("%(n)s likes") % {"n": f"{n:,}"},
    "stars": lambda n: _("%(n)s stars") % {"n": f"{n:,}"},
    "forks": lambda n: _("%(n)s forks") % {"n": f"{n:,}"},
    "downloads": lambda n: _("%(n)s downloads") % {"n": f"{n:,}"},
    "comments": lambda n: _("%(n)s comments") % {"n": f"{n:,}"},
}


def metrics_text(metrics: dict) -> str:
    """ "4,567 views, 120 likes" from the metrics as fetched."""
    metrics = metrics or {}
    return ", ".join(
        label(metrics[name]) for name, label in METRIC_LABELS.items() if isinstance(metrics.get(name), int)
    )
