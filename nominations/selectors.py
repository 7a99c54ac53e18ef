"""Reads of the nominations app used by more than one view (or app)."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.dateformat import time_format
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import User
from mvp_portal.accounts.responsibility import program_admins, responsible_country_filter, responsible_staff
from mvp_portal.accounts.roles import is_program_admin
from mvp_portal.cycles.selectors import is_award_date_closed, next_open_award_date, submission_deadline_for

from .models import Activity, Dossier, DossierLogEntry, Nomination, NominationSupport
from .permissions import can_act_on_nomination, can_view_dossier


def get_dossier_for(user, pk: int) -> Dossier:
    """The dossier if ``user`` may see it; 404 for missing and forbidden alike."""
    dossier = Dossier.objects.select_related("owner", "nomination", "expertise").filter(pk=pk).first()
    if dossier is None or not can_view_dossier(user, dossier):
        raise Http404("No such dossier.")
    return dossier


# Dossier pages --------------------------------------------------------------
@dataclass(frozen=True)
class SubmissionTarget:
    award_date: date
    deadline: date
    moved: bool  # a new draft whose own date is past its deadline: it goes to this later one


def submission_target(dossier: Dossier, today: date) -> SubmissionTarget:
    """The award date a dossier submitted on ``today`` is evaluated for, and its deadline.

    A *new* draft whose award date's submission deadline has passed (or whose
    date is closed) goes to the next award date still open; anything else
    keeps its own date (a renewal past its deadline can no longer be submitted).
    A program admin's extension of the dossier's deadline counts as its deadline."""
    deadline = submission_deadline_for(dossier.award_date, extended_to=dossier.deadline_extended_to)
    if (
        dossier.kind == Dossier.Kind.NEW
        and dossier.state == Dossier.State.DRAFT
        and (deadline < today or is_award_date_closed(dossier.award_date))
    ):
        later = next_open_award_date(today)
        return SubmissionTarget(later, submission_deadline_for(later), True)
    return SubmissionTarget(dossier.award_date, deadline, False)


@dataclass(frozen=True)
class Deadline:
    day: date
    program_end: datetime
    program_zone: str
    own_end: datetime | None
    own_zone: str
    passed: bool = False
    award_date: date | None = None  # the date it is evaluated for if submitted now

    @staticmethod
    def _text(moment: datetime) -> str:
        # The long date of the locale; seconds, because a deadline ends at 23:59:59.
        return f"{date_format(moment)}, {time_format(moment, 'H:i:s')}"

    @property
    def program_text(self) -> str:
        return self._text(self.program_end)

    @property
    def own_text(self) -> str:
        return self._text(self.own_end) if self.own_end else ""


def dossier_deadline(dossier: Dossier, user, today: date) -> Deadline:
    """The submission deadline that applies to ``dossier`` on ``today`` (its
    ``submission_target``): 23:59:59 of its day in the program's zone, and in
    ``user``'s own."""
    target = submission_target(dossier, today)
    day = target.deadline
    program_zone = cal.program_time_zone()
    program_end = cal.end_of_day(day, program_zone)
    own_end, own_zone = None, getattr(user, "time_zone", "") or ""
    if own_zone and own_zone != str(program_zone):
        try:
            own_end = program_end.astimezone(ZoneInfo(own_zone))
        except (ZoneInfoNotFoundError, ValueError):
            own_end = None
    return Deadline(
        day, program_end, str(program_zone), own_end, own_zone, passed=today > day, award_date=target.award_date
    )


def dossiers_owned_by(user) -> list[Dossier]:
    return list(
        Dossier.objects.filter(owner=user)
        .select_related("expertise")
        .annotate(activity_count=Count("activities"))
        .order_by("-award_date")
    )


def dossier_reminded_today(dossier_ids, today: date) -> set[int]:
    """Which of ``dossier_ids`` were reminded of their deadline on ``today`` (one query)."""
    return set(
        DossierLogEntry.objects.filter(
            dossier_id__in=list(dossier_ids), action="reminded", data__day=today.isoformat()
        ).values_list("dossier_id", flat=True)
    )


# Staff: the desk, conflicts, who is told ----------------------------------------
def dossiers_on_desk(user) -> QuerySet[Dossier]:
    """Dossiers of the countries ``user`` is responsible for (their lead; the
    program admins for countries without one), never the user's own."""
    return Dossier.objects.filter(on_desk_filter(user))


def on_desk_filter(user, dossier: str = "") -> Q:
    """``dossiers_on_desk`` as a condition on the dossier at the path ``dossier`` (``"dossier__"``
    from an assignment): a join where ``dossier__in=dossiers_on_desk(user)`` is a subquery, which
    cost PostgreSQL's planner six times as long as running the lead desk's query of overdue evaluations."""
    return responsible_country_filter(user, f"{dossier}country") & ~Q(**{f"{dossier}owner_id": user.pk})


def dossiers_in_staff_scope(user) -> QuerySet[Dossier]:
    """The dossiers ``user`` may work on as staff: program admins every
    country's (they oversee and decide all), leads their countries'. Never the
    user's own. (Conflicts of interest are refused per dossier.)"""
    if is_program_admin(user):
        return Dossier.objects.exclude(owner_id=user.pk)
    return dossiers_on_desk(user)


def nominations_on_desk(user) -> QuerySet[Nomination]:
    """Nominations of the countries ``user`` is responsible for, with their supporters counted
    (a correlated subquery: only the rows of the page shown are counted, where a join and
    GROUP BY counted every nomination of the countries before the first row came out)."""
    supports = NominationSupport.objects.filter(nomination=OuterRef("pk")).order_by().values("nomination")
    return (
        Nomination.objects.filter(responsible_country_filter(user, "nominee_country"))
        .select_related("nominator", "expertise")
        .annotate(support_count=Coalesce(Subquery(supports.annotate(n=Count("pk")).values("n")), 0))
    )


def get_nomination_for_staff(user, pk: int) -> Nomination:
    """A nomination ``user`` may act on; 404 for missing and forbidden alike."""
    nomination = (
        Nomination.objects.select_related("nominator", "expertise", "nominee")
        .prefetch_related("supports__supporter")
        .filter(pk=pk)
        .first()
    )
    if nomination is None or not can_act_on_nomination(user, nomination):
        raise Http404("No such nomination.")
    return nomination


CONFLICT_REASONS = {
    "owner": "own this dossier",
    "nominator": "nominated this person",
    "supporter": "supported the nomination",
    "declared": "declared a conflict of interest",
}
# What a page says of a reason above, addressed to the person who has it.
CONFLICT_REASON_TEXT = {
    CONFLICT_REASONS["owner"]: _("you own this dossier"),
    CONFLICT_REASONS["nominator"]: _("you nominated this person"),
    CONFLICT_REASONS["supporter"]: _("you supported the nomination"),
    CONFLICT_REASONS["declared"]: _("you declared a conflict of interest"),
}


def conflicts_for(dossier_ids, user_ids) -> dict[tuple[int, int], str]:
    """{(dossier id, user id): reason} for every pair where that person may not act
    on that dossier as staff: its owner, its nominator, a supporter of its
    nomination, or someone who declared a conflict on it. Three queries."""
    users = set(user_ids)
    found: dict[tuple[int, int], str] = {}
    rows = Dossier.objects.filter(pk__in=list(dossier_ids)).values_list("pk", "owner_id", "nomination__nominator_id")
    for dossier_id, owner_id, nominator_id in rows:
        if owner_id in users:
            found[(dossier_id, owner_id)] = CONFLICT_REASONS["owner"]
        if nominator_id in users:
            found.setdefault((dossier_id, nominator_id), CONFLICT_REASONS["nominator"])
    supports = NominationSupport.objects.filter(
        nomination__dossier__pk__in=list(dossier_ids), supporter_id__in=users
    ).values_list("nomination__dossier__pk", "supporter_id")
    for dossier_id, supporter_id in supports:
        found.setdefault((dossier_id, supporter_id), CONFLICT_REASONS["supporter"])
    # Declarations belong to the evaluations app; read through the reverse relation.
    declared = Dossier.objects.filter(
        pk__in=list(dossier_ids), conflict_declarations__employee_id__in=users
    ).values_list("pk", "conflict_declarations__employee_id")
    for dossier_id, employee_id in declared:
        found.setdefault((dossier_id, employee_id), CONFLICT_REASONS["declared"])
    return found


def with_viewer_conflict(dossiers: QuerySet[Dossier], user) -> QuerySet[Dossier]:
    """``conflicts_for`` in the queryset's terms: annotate each dossier with
    ``viewer_conflict``, why ``user`` may not act on it ("" when they may)."""
    supported = NominationSupport.objects.filter(nomination__dossier=OuterRef("pk"), supporter_id=user.pk)
    declared = Dossier.objects.filter(pk=OuterRef("pk"), conflict_declarations__employee_id=user.pk)
    return dossiers.annotate(
        viewer_conflict=Case(
            When(owner_id=user.pk, then=Value(CONFLICT_REASONS["owner"])),
            When(nomination__nominator_id=user.pk, then=Value(CONFLICT_REASONS["nominator"])),
            When(Exists(supported), then=Value(CONFLICT_REASONS["supporter"])),
            When(Exists(declared), then=Value(CONFLICT_REASONS["declared"])),
            default=Value(""),
            output_field=CharField(),
        )
    )


def staff_conflict(user, dossier: Dossier) -> str | None:
    """Why ``user`` has a conflict of interest on ``dossier`` (read once per pair), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if dossier.owner_id == user.pk:
        return CONFLICT_REASONS["owner"]
    cache = dossier.__dict__.setdefault("_staff_conflicts", {})
    if user.pk not in cache:
        cache[user.pk] = conflicts_for([dossier.pk], [user.pk]).get((dossier.pk, user.pk))
    return cache[user.pk]


def responsible_staff_for(dossier: Dossier) -> list[User]:
    """Who is told about ``dossier``: the responsible staff of its country without a
    conflict on it; the program admins when every one of them has one."""
    staff = responsible_staff(dossier.country)
    conflicted = {user_id for (_d, user_id) in conflicts_for([dossier.pk], [u.pk for u in staff])}
    free = [person for person in staff if person.pk not in conflicted]
    if free:
        return free
    admins = program_admins()
    conflicted = {user_id for (_d, user_id) in conflicts_for([dossier.pk], [u.pk for u in admins])}
    return [person for person in admins if person.pk not in conflicted]


NOMINATOR_DOSSIER_STATUS = {
    Dossier.State.DRAFT: _("Nominee documenting"),
    Dossier.State.RETURNED: _("Nominee documenting"),
    Dossier.State.SUBMITTED: _("Dossier submitted"),
    Dossier.State.UNDER_EVALUATION: _("Under evaluation"),
    Dossier.State.DECIDED: _("Evaluated"),
}


def nominations_of_nominator(user) -> list[Nomination]:
    """Nominations ``user`` made or supports, each with ``status_label``: the
    stage it has reached, never the dossier's contents or the verdict."""
    nominations = list(
        Nomination.objects.filter(Q(nominator=user) | Q(supports__supporter=user))
        .select_related("expertise", "dossier")
        .distinct()
        .order_by("-created_at")
    )
    for nomination in nominations:
        dossier = getattr(nomination, "dossier", None)
        nomination.status_label = (
            NOMINATOR_DOSSIER_STATUS[dossier.state] if dossier is not None else nomination.get_state_display()
        )
    return nominations


def activity_count_subquery() -> Subquery:
    """The number of a dossier's activities, as a correlated subquery: cheaper
    than a join and GROUP BY over every activity when only a page is shown."""
    counts = Activity.objects.filter(dossier=OuterRef("pk")).order_by().values("dossier").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n")), 0)
