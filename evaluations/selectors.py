"""Reads of the evaluations app: the lead queue, the review page, conflicts, scores.

Every list here costs a fixed number of queries whatever its size: counts and
the weighted mean are computed in SQL, medians and review pictures from one
fetched list each.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import User
from mvp_portal.accounts.roles import Role, is_program_admin
from nominations.models import Activity, Dossier, DossierLogEntry, NominationSupport

from . import permissions as perms
from .models import Assignment, ConflictDeclaration, Criterion, Evaluation
from .scoring import Aggregate, aggregate

QUEUE_STATES = (Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION, Dossier.State.DECIDED)
SORTS = {
    "score": (F("weighted_mean").desc(nulls_last=True), "owner__display_name", "pk"),
    "-score": (F("weighted_mean").asc(nulls_last=True), "owner__display_name", "pk"),
    "name": ("owner__display_name", "pk"),
    "submitted": ("submitted_at", "pk"),
}


# Scope -------------------------------------------------------------------------
def dossiers_in_scope(user) -> QuerySet[Dossier]:
    """Dossiers of the countries ``user`` leads (every dossier for program admins),
    never the user's own. The country is the owner's, else the nomination's."""
    dossiers = Dossier.objects.exclude(owner=user)
    if is_program_admin(user):
        return dossiers
    countries = perms.lead_countries(user)
    if not countries:
        return dossiers.none()
    return dossiers.filter(
        Q(owner__country__in=countries) | (Q(owner__country="") & Q(nomination__nominee_country__in=countries))
    )


def get_dossier_for_lead(user, pk: int) -> Dossier:
    """The dossier if ``user`` may review it; 404 for missing and forbidden alike."""
    dossier = (
        Dossier.objects.select_related("owner", "expertise", "nomination", "nomination__nominator")
        .filter(pk=pk)
        .first()
    )
    if dossier is None or not perms.can_review_dossier(user, dossier):
        raise Http404("No such dossier.")
    return dossier


def get_assignment_for(user, dossier_pk: int) -> Assignment:
    """The user's own assignment on a dossier; 404 when they are not assigned."""
    assignment = (
        Assignment.objects.select_related("dossier", "dossier__owner", "dossier__expertise", "assigned_by")
        .filter(dossier_id=dossier_pk, evaluator=user)
        .first()
    )
    if assignment is None or assignment.dossier.owner_id == user.pk:
        raise Http404("No such assignment.")
    return assignment


def get_assignment_for_lead(user, pk: int) -> Assignment:
    """An assignment on a dossier ``user`` may review; 404 for missing and forbidden alike."""
    assignment = (
        Assignment.objects.select_related("dossier", "dossier__owner", "dossier__nomination", "evaluator")
        .filter(pk=pk)
        .first()
    )
    if assignment is None or not perms.can_review_dossier(user, assignment.dossier):
        raise Http404("No such assignment.")
    return assignment


# Conflicts ------------------------------------------------------------------------
def conflicts_for(dossier_ids: list[int], evaluator_ids: list[int]) -> dict[tuple[int, int], str]:
    """{(dossier id, evaluator id): reason} for every pair that may not be assigned.

    The nominee (the dossier's owner), the nominator, every supporter of the
    nomination, and whoever declared a conflict on the dossier. Three queries.
    """
    evaluators = set(evaluator_ids)
    found: dict[tuple[int, int], str] = {}
    rows = Dossier.objects.filter(pk__in=dossier_ids).values_list("pk", "owner_id", "nomination__nominator_id")
    for dossier_id, owner_id, nominator_id in rows:
        if owner_id in evaluators:
            found[(dossier_id, owner_id)] = "is the nominee"
        if nominator_id in evaluators:
            found.setdefault((dossier_id, nominator_id), "nominated this person")
    supports = NominationSupport.objects.filter(
        nomination__dossier__pk__in=dossier_ids, supporter_id__in=evaluators
    ).values_list("nomination__dossier__pk", "supporter_id")
    for dossier_id, supporter_id in supports:
        found.setdefault((dossier_id, supporter_id), "supported the nomination")
    declared = ConflictDeclaration.objects.filter(dossier_id__in=dossier_ids, employee_id__in=evaluators).values_list(
        "dossier_id", "employee_id"
    )
    for dossier_id, employee_id in declared:
        found.setdefault((dossier_id, employee_id), "declared a conflict of interest")
    return found


def conflict_reason(user, dossier: Dossier) -> str | None:
    """Why ``user`` may not evaluate ``dossier``, or ``None``."""
    return conflicts_for([dossier.pk], [user.pk]).get((dossier.pk, user.pk))


def assignable_evaluators() -> QuerySet[User]:
    """Active employees (leads and admins are employees too)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in Role])
        .distinct()
        .order_by("display_name", "pk")
    )


# Scores -----------------------------------------------------------------------------
def _weighted_mean_subquery():
    return Subquery(
        Evaluation.objects.filter(dossier=OuterRef("pk"), abstained=False)
        .values("dossier")
        .annotate(mean=Avg("weighted_score"))
        .values("mean")[:1]
    )


def _count_subquery(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(dossier=OuterRef("pk"), **filters)
            .values("dossier")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def with_scores(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``weighted_mean``, ``evaluation_count``, ``abstention_count`` and ``assignment_count`` in SQL."""
    return dossiers.annotate(
        weighted_mean=_weighted_mean_subquery(),
        evaluation_count=_count_subquery(Evaluation),
        abstention_count=_count_subquery(Evaluation, abstained=True),
        assignment_count=_count_subquery(Assignment),
    )


def medians_for(dossier_ids: list[int]) -> dict[int, Aggregate]:
    """{dossier id: Aggregate} from one query over the listed dossiers' evaluations."""
    scores: dict[int, list[Decimal | None]] = defaultdict(list)
    for dossier_id, score in Evaluation.objects.filter(dossier_id__in=dossier_ids).values_list(
        "dossier_id", "weighted_score"
    ):
        scores[dossier_id].append(score)
    return {dossier_id: aggregate(scores.get(dossier_id, [])) for dossier_id in dossier_ids}


def dossier_aggregate(dossier: Dossier) -> Aggregate:
    return medians_for([dossier.pk])[dossier.pk]


# The lead queue -------------------------------------------------------------------------
def queue_award_dates(user) -> list[date]:
    """Award dates with dossiers in the queue's states, in the user's scope, ascending."""
    return sorted(
        set(
            dossiers_in_scope(user)
            .filter(state__in=QUEUE_STATES)
            .order_by()
            .values_list("award_date", flat=True)
            .distinct()
        )
    )


def default_award_date(dates: list[date], today: date) -> date:
    """The next award date (on or after ``today``) that has dossiers, else the latest one,
    else the next quarterly date."""
    upcoming = [d for d in dates if d >= today]
    if upcoming:
        return upcoming[0]
    if dates:
        return dates[-1]
    return cal.award_date_on_or_after(today)


@dataclass
class QueueFilters:
    award_date: date
    expertise_id: int | None = None
    kind: str = ""
    state: str = ""
    sort: str = "score"


def queue_dossiers(user, filters: QueueFilters) -> QuerySet[Dossier]:
    dossiers = dossiers_in_scope(user).filter(award_date=filters.award_date, state__in=QUEUE_STATES)
    if filters.expertise_id:
        dossiers = dossiers.filter(expertise_id=filters.expertise_id)
    if filters.kind:
        dossiers = dossiers.filter(kind=filters.kind)
    if filters.state:
        dossiers = dossiers.filter(state=filters.state)
    # A viewer who is an evaluator of a dossier and has not submitted yet sees none of its scores.
    pending = Assignment.objects.filter(dossier=OuterRef("pk"), evaluator=user).exclude(
        Exists(Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=user))
    )
    return (
        with_scores(dossiers)
        .annotate(scores_hidden=Exists(pending))
        .select_related("owner", "expertise", "recommendation", "decision")
        .order_by(*SORTS.get(filters.sort, SORTS["score"]))
    )


def queue_counts(user, award_date: date) -> dict[str, int]:
    """Counts for the top of the queue, in one query (before the narrowing filters)."""
    dossiers = dossiers_in_scope(user).filter(award_date=award_date, state__in=QUEUE_STATES)
    return dossiers.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(state=Dossier.State.SUBMITTED)),
        under_evaluation=Count("pk", filter=Q(state=Dossier.State.UNDER_EVALUATION)),
        decided=Count("pk", filter=Q(state=Dossier.State.DECIDED)),
        new=Count("pk", filter=Q(kind=Dossier.Kind.NEW)),
        renewal=Count("pk", filter=Q(kind=Dossier.Kind.RENEWAL)),
        unassigned=Count("pk", filter=~Exists(Assignment.objects.filter(dossier=OuterRef("pk")))),
        without_recommendation=Count("pk", filter=Q(recommendation__isnull=True)),
    )


# The review page -------------------------------------------------------------------------
def normalise_url(url: str) -> str:
    url = url.strip().lower()
    url = re.sub(r"^https?://(www\.)?", "", url)
    return url.rstrip("/")


@dataclass
class TypeTotals:
    activity_type: object
    count: int = 0
    quantity: int = 0
    reach: int = 0
    activities: list = field(default_factory=list)


@dataclass
class Comparison:
    name: str
    last_count: int
    last_quantity: int
    last_reach: int
    this_count: int
    this_quantity: int
    this_reach: int

    @property
    def trend(self) -> str:
        if self.this_count == 0:
            return "stopped"
        if self.last_count == 0:
            return "new"
        if (self.this_quantity, self.this_reach) > (self.last_quantity, self.last_reach):
            return "grew"
        if (self.this_quantity, self.this_reach) < (self.last_quantity, self.last_reach):
            return "shrank"
        return "steady"


@dataclass
class ActivityPicture:
    groups: list[TypeTotals]
    months: list[tuple[date, int, int]]  # (first of month, activities, quantity)
    month_max: int
    outside_period: list
    missing_url: list
    duplicate_urls: dict[str, list]
    total_count: int
    total_quantity: int
    total_reach: int

    @property
    def flag_count(self) -> int:
        return len(self.outside_period) + len(self.missing_url) + sum(len(v) for v in self.duplicate_urls.values())


def activity_picture(dossier: Dossier) -> ActivityPicture:
    """Activities grouped by type with totals, the 12-month picture and the flags; one query."""
    activities = list(
        Activity.objects.filter(dossier=dossier)
        .select_related("activity_type", "provenance")  # provenance: nominations/_provenance.html
        .order_by("activity_type__position", "activity_type__name", "started_on", "pk")
    )
    groups: dict[int, TypeTotals] = {}
    by_url: dict[str, list] = defaultdict(list)
    outside, missing = [], []
    month_starts = []
    cursor = date(dossier.period_start.year, dossier.period_start.month, 1)
    while cursor <= dossier.period_end and len(month_starts) < 13:
        month_starts.append(cursor)
        cursor = cal.add_months(cursor, 1)
    months: dict[date, list[int]] = {m: [0, 0] for m in month_starts}
    for activity in activities:
        activity.flags = []
        group = groups.setdefault(activity.activity_type_id, TypeTotals(activity.activity_type))
        group.count += 1
        group.quantity += activity.quantity
        group.reach += activity.reach or 0
        group.activities.append(activity)
        if not dossier.covers(activity.started_on):
            outside.append(activity)
            activity.flags.append("outside the period")
        month = date(activity.started_on.year, activity.started_on.month, 1)
        if month in months:
            months[month][0] += 1
            months[month][1] += activity.quantity
        if activity.url:
            by_url[normalise_url(activity.url)].append(activity)
        elif activity.activity_type.url_required:
            missing.append(activity)
            activity.flags.append("no evidence URL")
    duplicates = {same[0].url: same for same in by_url.values() if len(same) > 1}
    for same in duplicates.values():
        for activity in same:
            activity.flags.append("URL used twice")
    month_rows = [(m, c, q) for m, (c, q) in months.items()]
    return ActivityPicture(
        groups=list(groups.values()),
        months=month_rows,
        month_max=max([c for _, c, _ in month_rows] + [1]),
        outside_period=outside,
        missing_url=missing,
        duplicate_urls=duplicates,
        total_count=len(activities),
        total_quantity=sum(a.quantity for a in activities),
        total_reach=sum(a.reach or 0 for a in activities),
    )


def previous_dossier(dossier: Dossier) -> Dossier | None:
    """The same owner's latest earlier dossier that was handed in."""
    return (
        Dossier.objects.filter(owner_id=dossier.owner_id, award_date__lt=dossier.award_date)
        .exclude(state=Dossier.State.DRAFT)
        .order_by("-award_date")
        .first()
    )


def compare_with_previous(picture: ActivityPicture, previous: Dossier) -> list[Comparison]:
    """Per activity type: last year against this year (one query)."""
    last = {
        row["activity_type_id"]: row
        for row in Activity.objects.filter(dossier=previous)
        .values("activity_type_id", "activity_type__name", "activity_type__position")
        .annotate(n=Count("pk"), quantity=Sum("quantity"), reach=Coalesce(Sum("reach"), 0))
    }
    rows = []
    seen = set()
    for group in picture.groups:
        before = last.get(group.activity_type.pk, {})
        seen.add(group.activity_type.pk)
        rows.append(
            Comparison(
                group.activity_type.name,
                before.get("n", 0),
                before.get("quantity", 0),
                before.get("reach", 0),
                group.count,
                group.quantity,
                group.reach,
            )
        )
    for type_id, before in sorted(last.items(), key=lambda kv: (kv[1]["activity_type__position"], kv[1]["n"])):
        if type_id not in seen:
            rows.append(
                Comparison(before["activity_type__name"], before["n"], before["quantity"], before["reach"], 0, 0, 0)
            )
    return rows


def evaluations_of(dossier: Dossier) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(dossier=dossier)
        .select_related("evaluator")
        .prefetch_related(Prefetch("scores", queryset=_scores_queryset()))
        .order_by("submitted_at", "pk")
    )


def _scores_queryset():
    from .models import Score

    return Score.objects.select_related("criterion").order_by("criterion__position", "criterion__name")


def assignments_of(dossier: Dossier) -> list[Assignment]:
    return list(Assignment.objects.filter(dossier=dossier).select_related("evaluator", "assigned_by"))


def log_of(dossier: Dossier) -> list[DossierLogEntry]:
    return list(DossierLogEntry.objects.filter(dossier=dossier).select_related("actor").order_by("created_at", "pk"))


def may_see_evaluations(user, dossier: Dossier, assignments: list[Assignment], evaluations: list[Evaluation]) -> bool:
    """Others' evaluations are hidden from an assigned evaluator until they submit their own."""
    assigned = any(a.evaluator_id == user.pk for a in assignments)
    submitted = any(e.evaluator_id == user.pk for e in evaluations)
    return submitted or not assigned


def active_criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(is_active=True).order_by("position", "name"))


# An evaluator's own page ---------------------------------------------------------------------
def assignments_for(user) -> QuerySet[Assignment]:
    """The user's assignments with the dossier and whether they have evaluated it."""
    own = Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=OuterRef("evaluator"))
    return (
        Assignment.objects.filter(evaluator=user)
        .exclude(dossier__owner=user)
        .select_related("dossier", "dossier__owner", "dossier__expertise", "assigned_by")
        .annotate(evaluated=Exists(own), abstained=Exists(own.filter(abstained=True)))
        .order_by("dossier__award_date", "dossier__owner__display_name", "pk")
    )


# Export ------------------------------------------------------------------------------------
def cycle_dossiers(award_date: date) -> QuerySet[Dossier]:
    return (
        with_scores(Dossier.objects.filter(award_date=award_date).exclude(state=Dossier.State.DRAFT))
        .select_related("owner", "expertise", "recommendation", "decision")
        .order_by("owner__display_name", "pk")
    )


def export_award_dates() -> list[date]:
    return sorted(
        set(
            Dossier.objects.exclude(state=Dossier.State.DRAFT)
            .order_by()
            .values_list("award_date", flat=True)
            .distinct()
        )
    )


# Attention -----------------------------------------------------------------------------------
def open_assignment_count(user) -> int:
    own = Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=user)
    return (
        Assignment.objects.filter(evaluator=user, dossier__state__in=perms.EVALUABLE_STATES)
        .exclude(dossier__owner=user)
        .filter(~Exists(own))
        .count()
    )


def dossiers_to_recommend_count(user) -> int:
    return (
        dossiers_in_scope(user)
        .filter(state__in=(Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION), recommendation__isnull=True)
        .count()
    )


def dossiers_without_decision_count() -> int:
    return Dossier.objects.filter(
        state__in=(Dossier.State.SUBMITTED, Dossier.State.UNDER_EVALUATION), decision__isnull=True
    ).count()
