"""Reads of the evaluations app: the lead queue, the review page, conflicts, scores.

Every list here costs a fixed number of queries whatever its size: counts and
the weighted mean are computed in SQL, medians and review pictures from one
fetched list each.

The queue's parts that read a whole cycle (its order, counts and award dates,
the fairness figures and the outliers) are kept in the shared cache under the
queue's generation token, replaced on every save and delete of a dossier,
assignment, evaluation, recommendation, decision, conflict declaration,
nomination or support (``public_cache.replaced_on_writes``, from
``evaluations.apps``: a signal,
because the services writing those rows are many), and under the directory's,
which profile edits replace (the queue's tie-break is the owner's name). A query
is kept under its own SQL, so a viewer's scope, filters and hidden scores are
part of its key.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import pgettext_lazy

from mvp_portal import program_calendar as cal
from mvp_portal import public_cache
from mvp_portal.accounts.models import User
from mvp_portal.accounts.roles import Role
from nominations.counting import DossierPicture, TypeTotal, dossier_picture
from nominations.models import ActivityType, Dossier, DossierLogEntry
from nominations.selectors import staff_conflict, with_viewer_conflict

from . import permissions as perms
from .fairness import (
    NO_FIGURES,
    DossierFigures,
    ReviewerProfile,
    Scored,
    criterion_standing,
    dossier_figures,
    review_order_key,
    reviewer_profiles,
)
from .models import (
    Assignment,
    CalibrationDossier,
    CalibrationScore,
    Criterion,
    Decision,
    Evaluation,
    EvaluationDraft,
    Feedback,
    Reconsideration,
    Score,
)
from .scoring import Aggregate, aggregate

QUEUE_STATES = Dossier.SUBMITTED_STATES
# By the weighted mean the viewer may see (a dossier whose scores are hidden from them sorts as unscored).
SORTS = {
    "score": (F("visible_mean").desc(nulls_last=True), "owner__display_name", "pk"),
    "-score": (F("visible_mean").asc(nulls_last=True), "owner__display_name", "pk"),
    "name": ("owner__display_name", "pk"),
    "submitted": ("submitted_at", "pk"),
}
# Sorts on the cycle's fairness figures (``fairness.py``), computed in Python over the cycle's evaluations.
FIGURE_SORTS = {
    "normalised": (lambda f: f.normalised, True),
    "-normalised": (lambda f: f.normalised, False),
    "discussion": (lambda f: f.spread, True),
}


# What a whole cycle's reads keep in the cache ----------------------------------------------
QUEUE = "evaluations:gen:queue"
QUEUE_CACHE_SECONDS = 3600


def queue_changed() -> None:
    """Whatever the queue kept is stale (a bulk write no signal saw: ``seed_demo``, test factories)."""
    public_cache.generations_changed([QUEUE])


def _kept(parts: tuple, compute):
    """``compute()``, kept under ``parts`` (SQL and its parameters, or dates) and the current
    generations of the queue and of the directory."""
    return public_cache.kept("queue", parts, [QUEUE, public_cache.DIRECTORY], compute, timeout=QUEUE_CACHE_SECONDS)


def _sql_of(queryset: QuerySet) -> tuple:
    return queryset.query.sql_with_params()


def kept_rows(rows: QuerySet) -> list:
    """``list(rows)``, kept as the queue's reads are (under the query's SQL and the queue's
    generation): for a read over dossiers and what the queue's generation follows of them."""
    return _kept(("rows", _sql_of(rows)), lambda: list(rows))


def kept_first(dossiers: QuerySet[Dossier], limit: int) -> tuple[list[int], int]:
    """The ids of the first ``limit`` of ``dossiers`` and how many there are, kept as the queue's
    reads are (under the query's SQL and the queue's generation): for a list whose every condition
    and order is one the queue's generation follows (dossiers, their assignments, evaluations,
    recommendations, decisions and conflicts, nominations and supports; the viewer is in the SQL)."""

    def first_and_total() -> tuple[list[int], int]:
        ids = list(dossiers.values_list("pk", flat=True)[: limit + 1])
        return ids[:limit], len(ids) if len(ids) <= limit else dossiers.count()

    try:
        parts = ("first", limit, _sql_of(dossiers))
    except EmptyResultSet:  # a condition that nothing meets (a lead of no country): no SQL to key on
        return [], 0
    return _kept(parts, first_and_total)


# Access ------------------------------------------------------------------------------
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


# Conflicts and evaluators -------------------------------------------------------------
def conflict_reason(user, dossier: Dossier) -> str | None:
    """Why ``user`` may not evaluate ``dossier`` (the staff conflict rule), or ``None``."""
    return staff_conflict(user, dossier)


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
def queue_award_dates(dossiers: QuerySet[Dossier]) -> list[date]:
    """Award dates with dossiers in the queue's states among ``dossiers``, ascending (kept)."""
    dates = dossiers.filter(state__in=QUEUE_STATES).order_by().values_list("award_date", flat=True).distinct()
    return _kept(("award dates", _sql_of(dates)), lambda: sorted(set(dates)))


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


def queue_dossiers(user, dossiers: QuerySet[Dossier], filters: QueueFilters) -> QuerySet[Dossier]:
    """``dossiers`` (the viewer's scope) narrowed by ``filters``, with scores; the
    scores of a dossier the viewer still has to evaluate stay hidden from them."""
    dossiers = dossiers.filter(award_date=filters.award_date, state__in=QUEUE_STATES)
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
        .annotate(visible_mean=Case(When(scores_hidden=True, then=Value(None)), default=F("weighted_mean")))
        .select_related("owner", "expertise", "recommendation", "decision")
        .order_by(*SORTS.get(filters.sort, SORTS["score"]))
    )


def cycle_figures(award_date: date) -> dict[int, DossierFigures]:
    """{dossier id: normalised score, disagreement} over every evaluation of the cycle, in one query
    (an evaluator's habits are measured on all they scored in the cycle, whoever looks); kept."""
    rows = Evaluation.objects.filter(dossier__award_date=award_date).values_list(
        "dossier_id", "evaluator_id", "weighted_score"
    )
    return _kept(("figures", award_date), lambda: dossier_figures(Scored(*row) for row in rows))


def queue_order(dossiers: QuerySet[Dossier], figures: dict[int, DossierFigures], sort: str) -> list[int]:
    """The ids of ``dossiers`` (``queue_dossiers``) in the queue's order: by ``sort`` in SQL,
    or by a fairness figure (``FIGURE_SORTS``); kept, the page's rows are then read by id."""
    if sort not in FIGURE_SORTS:
        return _kept(("order", _sql_of(dossiers)), lambda: list(dossiers.values_list("pk", flat=True)))
    rows = dossiers.values_list("pk", "owner__display_name", "scores_hidden")
    return _kept(("order", sort, _sql_of(rows)), lambda: _ordered_by_figures(list(rows), figures, sort))


def _ordered_by_figures(rows: list[tuple], figures: dict[int, DossierFigures], sort: str) -> list[int]:
    """Ids by a fairness figure the viewer may see; those without it last, then by name."""
    value, descending = FIGURE_SORTS[sort]
    by_name = sorted(rows, key=lambda row: (row[1], row[0]))
    visible = {pk: NO_FIGURES if hidden else figures.get(pk, NO_FIGURES) for pk, _name, hidden in rows}
    known = [pk for pk, _name, _hidden in by_name if value(visible[pk]) is not None]
    unknown = [pk for pk, _name, _hidden in by_name if value(visible[pk]) is None]
    return sorted(known, key=lambda pk: value(visible[pk]), reverse=descending) + unknown


def figures_of(dossiers, figures: dict[int, DossierFigures]) -> dict[int, DossierFigures]:
    """The figures the viewer may see: none for a dossier whose scores are hidden from them."""
    return {d.pk: NO_FIGURES if getattr(d, "scores_hidden", False) else figures.get(d.pk, NO_FIGURES) for d in dossiers}


# Reviewer profiles ------------------------------------------------------------------------
def _profiled_dossiers(user, dossiers: QuerySet[Dossier], award_date: date) -> QuerySet[Dossier]:
    """The cycle's dossiers among ``dossiers`` (the viewer's scope) whose scores the viewer may
    see: none they have a conflict on, none they still have to evaluate themselves."""
    pending = Assignment.objects.filter(dossier=OuterRef("pk"), evaluator=user).exclude(
        Exists(Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=user))
    )
    return (
        with_viewer_conflict(dossiers.filter(award_date=award_date, state__in=QUEUE_STATES), user)
        .filter(viewer_conflict="")
        .exclude(Exists(pending))
        .values("pk")
    )


@dataclass
class ProfileRow:
    evaluator: User
    profile: ReviewerProfile


def cycle_reviewer_profiles(user, dossiers: QuerySet[Dossier], award_date: date) -> list[ProfileRow]:
    """Every evaluator's profile over the cycle's dossiers the viewer may see (``_profiled_dossiers``),
    by name; four queries whatever the size."""
    seen = _profiled_dossiers(user, dossiers, award_date)
    rows = Evaluation.objects.filter(dossier__in=seen).values_list("dossier_id", "evaluator_id", "weighted_score")
    scores = Score.objects.filter(evaluation__dossier__in=seen, evaluation__abstained=False).values_list(
        "evaluation__evaluator_id", "criterion_id", "value"
    )
    profiles = reviewer_profiles((Scored(*row) for row in rows), scores)
    evaluators = User.objects.filter(pk__in=profiles).order_by("display_name", "pk")
    return [ProfileRow(evaluator, profiles[evaluator.pk]) for evaluator in evaluators]


def reviewer_outliers(user, dossiers: QuerySet[Dossier], award_date: date) -> list[ProfileRow]:
    """The evaluators far from their peers in the cycle (``ReviewerProfile.is_outlier``), for the
    lead's alert; the profiles kept."""
    seen = _profiled_dossiers(user, dossiers, award_date)
    rows = Evaluation.objects.filter(dossier__in=seen).values_list("dossier_id", "evaluator_id", "weighted_score")
    profiles = _kept(("profiles", _sql_of(rows)), lambda: reviewer_profiles(Scored(*row) for row in rows))
    outliers = {pk: p for pk, p in profiles.items() if p.is_outlier}
    if not outliers:
        return []
    evaluators = User.objects.filter(pk__in=outliers).order_by("display_name", "pk")
    return [ProfileRow(evaluator, outliers[evaluator.pk]) for evaluator in evaluators]


def profile_criteria(rows: list[ProfileRow]) -> list[Criterion]:
    """The criteria the profiles hold scores on, in rubric order."""
    ids = {criterion_id for row in rows for criterion_id in row.profile.criteria}
    return list(Criterion.objects.filter(pk__in=ids).order_by("position", "name")) if ids else []


def pending_evaluation_ids(user, dossier_ids: list[int]) -> set[int]:
    """The listed dossiers ``user`` is assigned to and has not evaluated yet: their scores stay hidden from them."""
    return set(
        Assignment.objects.filter(dossier_id__in=dossier_ids, evaluator=user)
        .exclude(Exists(Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=user)))
        .values_list("dossier_id", flat=True)
    )


def queue_counts(dossiers: QuerySet[Dossier], award_date: date) -> dict[str, int]:
    """Counts for the top of the queue, in one query (before the narrowing filters); kept."""
    dossiers = dossiers.filter(award_date=award_date, state__in=QUEUE_STATES)
    return _kept(("counts", _sql_of(dossiers)), lambda: _queue_counts(dossiers))


def _queue_counts(dossiers: QuerySet[Dossier]) -> dict[str, int]:
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
# What the review page says of a type's trend, last year against this year.
TREND_LABELS = {
    "stopped": pgettext_lazy("activity trend", "stopped"),
    "new": pgettext_lazy("activity trend", "new"),
    "grew": pgettext_lazy("activity trend", "grew"),
    "shrank": pgettext_lazy("activity trend", "shrank"),
    "steady": pgettext_lazy("activity trend", "steady"),
}


@dataclass
class Comparison:
    """One activity type, last year against this year: the counted activities and
    their metrics, each metric under the type's own label (a type's talks and
    another's blog visitors are never one "reach")."""

    activity_type: ActivityType
    last: TypeTotal
    this: TypeTotal

    @property
    def name(self) -> str:
        return self.activity_type.local_name

    @property
    def trend(self) -> str:
        if self.this.count == 0:
            return "stopped"
        if self.last.count == 0:
            return "new"
        if (self.this.quantity, self.this.reach) > (self.last.quantity, self.last.reach):
            return "grew"
        if (self.this.quantity, self.this.reach) < (self.last.quantity, self.last.reach):
            return "shrank"
        return "steady"

    @property
    def trend_label(self) -> str:
        """The trend as the page says it (``trend`` is its key, for the badge's colour)."""
        return str(TREND_LABELS[self.trend])


def previous_dossier(dossier: Dossier) -> Dossier | None:
    """The same owner's latest earlier dossier that was handed in."""
    return (
        Dossier.objects.filter(owner_id=dossier.owner_id, award_date__lt=dossier.award_date)
        .exclude(state=Dossier.State.DRAFT)
        .order_by("-award_date")
        .first()
    )


def compare_with_previous(picture: DossierPicture, previous: DossierPicture) -> list[Comparison]:
    """Per activity type, in the types' order: the previous dossier's counted
    activities against this one's, both under the one rule of what counts (``counting``)."""
    last = {t.activity_type.pk: t for t in previous.types}
    this = {t.activity_type.pk: t for t in picture.types}
    types = {t.activity_type.pk: t.activity_type for t in [*previous.types, *picture.types]}
    ordered = sorted(types.values(), key=lambda t: (t.position, t.name))
    rows = []
    for activity_type in ordered:
        before = last.get(activity_type.pk) or TypeTotal(activity_type)
        now = this.get(activity_type.pk) or TypeTotal(activity_type)
        if before.count or now.count:
            rows.append(Comparison(activity_type, before, now))
    return rows


# Year over year (a renewal against the person's previous dossier) ------------------------------
@dataclass
class CriterionThenNow:
    """One criterion's median and standing (``fairness.criterion_standing``) on the
    previous dossier and on this one; None where it was not scored."""

    criterion: Criterion
    then_median: Decimal | None
    then_standing: str | None
    now_median: Decimal | None
    now_standing: str | None

    @property
    def change(self) -> str | None:
        """``up``, ``down`` or ``same`` from then to now; None without both medians."""
        if self.then_median is None or self.now_median is None:
            return None
        if self.now_median > self.then_median:
            return "up"
        return "down" if self.now_median < self.then_median else "same"


@dataclass
class YearOverYear:
    previous: Dossier
    criteria: list[CriterionThenNow]
    types: list[Comparison]
    decision: Decision | None  # the previous dossier's
    feedback: Feedback | None  # the previous dossier's, drafted or approved

    @property
    def feedback_published(self) -> bool:
        """Whether the person was given the feedback: approved, and the decision announced."""
        return bool(self.feedback and self.feedback.is_approved and self.decision and self.decision.is_frozen)


def year_over_year(dossier: Dossier, picture: DossierPicture, *, today: date) -> YearOverYear | None:
    """A renewal dossier against the same person's previous handed-in dossier:
    per-criterion medians and standings then and now, activities per type
    (``compare_with_previous``), the previous decision and its feedback. None for
    a new dossier or a first renewal without an earlier dossier. Three queries
    whatever the sizes: the previous dossier with its decision and feedback, the
    scores of both, the previous activities per type."""
    if dossier.kind != Dossier.Kind.RENEWAL:
        return None
    previous = (
        Dossier.objects.filter(owner_id=dossier.owner_id, award_date__lt=dossier.award_date)
        .exclude(state=Dossier.State.DRAFT)
        .select_related("decision", "decision__decided_by", "feedback")
        .order_by("-award_date")
        .first()
    )
    if previous is None:
        return None
    values: dict[tuple[int, int], list[int]] = defaultdict(list)
    criteria: dict[int, Criterion] = {}
    for score in Score.objects.filter(
        evaluation__dossier_id__in=[previous.pk, dossier.pk], evaluation__abstained=False
    ).select_related("criterion", "evaluation"):
        values[(score.evaluation.dossier_id, score.criterion_id)].append(score.value)
        criteria[score.criterion_id] = score.criterion
    rows = []
    for criterion in sorted(criteria.values(), key=lambda c: (c.position, c.name)):
        then_median, then_standing = criterion_standing(values[(previous.pk, criterion.pk)])
        now_median, now_standing = criterion_standing(values[(dossier.pk, criterion.pk)])
        rows.append(CriterionThenNow(criterion, then_median, then_standing, now_median, now_standing))
    return YearOverYear(
        previous=previous,
        criteria=rows,
        types=compare_with_previous(picture, dossier_picture(previous, today=today)),
        decision=getattr(previous, "decision", None),
        feedback=getattr(previous, "feedback", None),
    )


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


def drafts_of(user) -> dict[int, EvaluationDraft]:
    """{assignment id: draft} of ``user``'s own drafts (nobody else ever reads them)."""
    return {d.assignment_id: d for d in EvaluationDraft.objects.of_author(user).select_related("assignment__dossier")}


def draft_of(user, assignment: Assignment) -> EvaluationDraft | None:
    """``user``'s own draft on ``assignment``, if they saved one."""
    return (
        EvaluationDraft.objects.of_author(user)
        .filter(assignment=assignment)
        .select_related("assignment__dossier")
        .first()
    )


def in_review_order(assignments) -> list[Assignment]:
    """An evaluator's assignments by award date, and within one the evaluator's own
    fixed random order (``fairness.review_order_key``) rather than everyone's A to Z."""
    return sorted(
        assignments,
        key=lambda a: (
            a.dossier.award_date,
            review_order_key(evaluator_id=a.evaluator_id, award_date=a.dossier.award_date, dossier_id=a.dossier_id),
        ),
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


# Feedback to the person ----------------------------------------------------------------------
@dataclass
class CriterionStanding:
    criterion: Criterion
    median: Decimal | None
    standing: str | None
    spread: int | None = None  # highest minus lowest score on the criterion


def criterion_standings(dossier: Dossier) -> list[CriterionStanding]:
    """Per criterion scored on the dossier, in rubric order: the median of its scores, the
    standing (``fairness.criterion_standing``) and the spread (highest − lowest); one query."""
    values: dict[int, list[int]] = defaultdict(list)
    criteria: dict[int, Criterion] = {}
    for score in Score.objects.filter(evaluation__dossier=dossier, evaluation__abstained=False).select_related(
        "criterion"
    ):
        values[score.criterion_id].append(score.value)
        criteria[score.criterion_id] = score.criterion
    ordered = sorted(criteria.values(), key=lambda c: (c.position, c.name))
    return [
        CriterionStanding(c, *criterion_standing(values[c.pk]), spread=max(values[c.pk]) - min(values[c.pk]))
        for c in ordered
    ]


def feedback_of(dossier: Dossier) -> Feedback | None:
    return Feedback.objects.filter(dossier=dossier).select_related("drafted_by", "approved_by").first()


def published_feedback(dossier: Dossier) -> tuple[Feedback, list[CriterionStanding]] | None:
    """What the person sees: the approved feedback and the standings, once the result is announced."""
    announced = Decision.objects.filter(dossier=dossier, announced_at__isnull=False).exists()
    feedback = Feedback.objects.filter(dossier=dossier, approved_at__isnull=False).first() if announced else None
    if feedback is None:
        return None
    return feedback, criterion_standings(dossier)


def approved_feedback_notes(dossier_ids: list[int]) -> dict[int, str]:
    """{dossier id: approved feedback note} for the result e-mails of an announcement, in one query."""
    return dict(
        Feedback.objects.filter(dossier_id__in=dossier_ids, approved_at__isnull=False).values_list("dossier_id", "note")
    )


def reconsideration_of(dossier: Dossier) -> Reconsideration | None:
    return Reconsideration.objects.filter(dossier=dossier).select_related("decided_by").first()


def own_decided_dossier(user, pk: int) -> Dossier:
    """The user's own dossier with an announced decision, else 404 (whose it is stays unsaid)."""
    dossier = (
        Dossier.objects.select_related("decision", "expertise")
        .filter(pk=pk, owner_id=user.pk, decision__announced_at__isnull=False)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


# Calibration -------------------------------------------------------------------------------------
def calibrations_for(award_date: date) -> list[CalibrationDossier]:
    return list(CalibrationDossier.objects.filter(award_date=award_date).select_related("dossier"))


def pending_calibrations(evaluator, award_date: date) -> list[CalibrationDossier]:
    """The calibration dossiers of the cycle ``evaluator`` has not scored yet
    (none unless they are assigned a dossier of the cycle): these come first."""
    if not Assignment.objects.filter(evaluator=evaluator, dossier__award_date=award_date).exists():
        return []
    return list(
        CalibrationDossier.objects.filter(award_date=award_date)
        .exclude(scores__evaluator=evaluator)
        .select_related("dossier")
    )


@dataclass(frozen=True)
class CalibrationOffset:
    evaluator_id: int
    offset: Decimal  # mean over the calibration dossiers they scored of (their score − the reference)
    scored: int


def calibration_references(award_date: date) -> dict[int, Decimal]:
    """{calibration id: reference}, the reference being the median of all evaluators' weighted scores of it."""
    values: dict[int, list[Decimal]] = defaultdict(list)
    for calibration_id, value in CalibrationScore.objects.filter(calibration__award_date=award_date).values_list(
        "calibration_id", "weighted_score"
    ):
        values[calibration_id].append(value)
    return {pk: _median(v) for pk, v in values.items()}


def calibration_offsets(award_date: date) -> dict[int, CalibrationOffset]:
    """{evaluator id: their mean offset from the calibration references}: above
    zero more lenient than the median evaluator, below zero harsher."""
    references = calibration_references(award_date)
    offsets: dict[int, list[Decimal]] = defaultdict(list)
    for evaluator_id, calibration_id, value in CalibrationScore.objects.filter(
        calibration__award_date=award_date
    ).values_list("evaluator_id", "calibration_id", "weighted_score"):
        offsets[evaluator_id].append(value - references[calibration_id])
    return {pk: CalibrationOffset(pk, (sum(v) / len(v)).quantize(Decimal("0.01")), len(v)) for pk, v in offsets.items()}


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def get_calibration_for(user, pk: int) -> CalibrationDossier:
    """A calibration dossier of a cycle ``user`` is assigned in, else 404."""
    calibration = CalibrationDossier.objects.select_related("dossier").filter(pk=pk).first()
    if (
        calibration is None
        or not Assignment.objects.filter(evaluator=user, dossier__award_date=calibration.award_date).exists()
    ):
        raise Http404
    return calibration


def pending_calibrations_of(evaluator) -> list[CalibrationDossier]:
    """Across the cycles ``evaluator`` is assigned in: the calibration dossiers still to score."""
    award_dates = Assignment.objects.filter(evaluator=evaluator).values("dossier__award_date")
    return list(
        CalibrationDossier.objects.filter(award_date__in=award_dates)
        .exclude(scores__evaluator=evaluator)
        .order_by("award_date", "pk")
    )


def own_calibration_offsets(evaluator) -> list[tuple[date, CalibrationOffset]]:
    """(award date, the evaluator's offset) for each cycle they calibrated."""
    award_dates = (
        CalibrationScore.objects.filter(evaluator=evaluator)
        .values_list("calibration__award_date", flat=True)
        .distinct()
    )
    return [(d, calibration_offsets(d)[evaluator.pk]) for d in sorted(set(award_dates))]


def calibration_rows(award_date: date, scope) -> list[tuple[User, CalibrationOffset]]:
    """(evaluator, offset) for the reviewer profiles: the evaluators who calibrated
    the cycle and are assigned a dossier of it in ``scope`` (the viewer's desk)."""
    offsets = calibration_offsets(award_date)
    evaluators = User.objects.filter(
        pk__in=offsets,
        evaluation_assignments__dossier__in=scope.filter(award_date=award_date),
    ).distinct()
    return sorted(((e, offsets[e.pk]) for e in evaluators), key=lambda pair: pair[0].display_name)
