"""Reads of the staff desks: what waits on whom.

Scopes come from the one responsibility rule (``mvp_portal.accounts.responsibility``
through ``nominations.selectors``): a lead's desk holds the nominations and
dossiers of their countries; a program admin's lead desk holds those of the
countries without a lead, and the admin desk every cycle.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from awards import selectors as award_selectors
from awards.models import Award
from awards.permissions import may_note_readiness
from evaluations import permissions as evaluation_perms
from evaluations import selectors as evaluation_selectors
from evaluations.models import Assignment, Evaluation
from mvp_portal import program_calendar as cal
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.selectors import with_extension
from nominations.models import Dossier, Nomination
from nominations.selectors import (
    activity_count_subquery,
    dossier_reminded_today,
    dossiers_on_desk,
    nominations_on_desk,
    on_desk_filter,
    with_viewer_conflict,
)

DESK_LIMIT = 50


def get_award_for_readiness(user, pk: int) -> Award:
    """The award if ``user`` is staff who may act for its holder (never the holder
    themself); 404 for missing and forbidden alike."""
    award = Award.objects.select_related("user", "expertise", "renewal_dossier", "revocation").filter(pk=pk).first()
    if award is None or not may_note_readiness(user, award):
        raise Http404("No such award.")
    return award


def get_dossier_on_desk(user, pk: int) -> Dossier:
    """The dossier if ``user`` may review it; 404 for missing and forbidden alike."""
    dossier = (
        Dossier.objects.select_related("owner", "expertise", "nomination", "nomination__nominator", "renewed_award")
        .filter(pk=pk)
        .first()
    )
    if dossier is None or not evaluation_perms.can_review_dossier(user, dossier):
        raise Http404("No such dossier.")
    return dossier


@dataclass
class Waiting:
    """One list of the lead desk: the first ``DESK_LIMIT`` rows and how many in all."""

    rows: list
    total: int

    @classmethod
    def of(cls, queryset) -> "Waiting":
        rows = list(queryset[: DESK_LIMIT + 1])
        total = len(rows) if len(rows) <= DESK_LIMIT else queryset.count()
        return cls(rows[:DESK_LIMIT], total)

    @classmethod
    def kept(cls, dossiers: QuerySet[Dossier]) -> "Waiting":
        """As ``of``, with the first rows' ids and the total kept (``evaluation_selectors.kept_first``)
        and the rows read by id: over a region of 4,000 dossiers in review, the ordered list and its
        count were most of the lead desk's time at 40,000 MVPs (bench/NOTES.md)."""
        ids, total = evaluation_selectors.kept_first(dossiers, DESK_LIMIT)
        found = dossiers.in_bulk(ids)
        return cls([found[pk] for pk in ids if pk in found], total)


@dataclass
class LeadDesk:
    nominations: Waiting
    dossiers: Waiting
    overdue: Waiting
    counts: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.nominations.total or self.dossiers.total or self.overdue.total)


def lead_desk(user, *, today: date) -> LeadDesk:
    """Everything waiting on ``user`` as the staff responsible for their countries:
    nominations to invite, dossiers to review (no evaluators yet, or no
    recommendation), and evaluations past their cycle's evaluation deadline."""
    mine = dossiers_on_desk(user)
    nominations = nominations_on_desk(user).filter(state=Nomination.State.SUBMITTED).order_by("created_at")
    pending_evaluators = Assignment.objects.filter(dossier=OuterRef("pk"))
    to_review = (
        with_viewer_conflict(mine, user)
        .filter(state__in=Dossier.IN_REVIEW_STATES, viewer_conflict="")
        .filter(Q(recommendation__isnull=True) | ~Exists(pending_evaluators))
        .select_related("owner", "expertise", "recommendation")
        .annotate(
            activity_count=activity_count_subquery(),
            has_evaluators=Exists(pending_evaluators),
        )
        .order_by("submitted_at", "pk")
    )
    past_deadline = AwardCycle.objects.filter(evaluation_deadline__lt=today).values("award_date")
    overdue = (
        Assignment.objects.filter(
            on_desk_filter(user, "dossier__"),
            dossier__state__in=Dossier.IN_REVIEW_STATES,
            dossier__award_date__in=past_deadline,
        )
        .exclude(Exists(Evaluation.objects.filter(dossier=OuterRef("dossier"), evaluator=OuterRef("evaluator"))))
        .select_related("dossier__owner", "evaluator")
        .order_by("dossier__award_date", "assigned_at", "pk")
    )
    return LeadDesk(
        nominations=Waiting.of(nominations.select_related("expertise")),
        dossiers=Waiting.kept(to_review),
        overdue=Waiting.of(overdue),
    )


def nomination_history(user) -> QuerySet[Nomination]:
    """Every nomination of ``user``'s countries, latest first."""
    return nominations_on_desk(user).order_by("-created_at", "-pk")


# The admin desk ----------------------------------------------------------------------
@dataclass
class CycleSummary:
    cycle: AwardCycle
    dossiers: int
    decided: int
    undecided_in_review: int
    drafts: int
    awards: int

    @property
    def decided_percent(self) -> int:
        return round(100 * self.decided / self.dossiers) if self.dossiers else 0


def cycle_summaries(cycles) -> list[CycleSummary]:
    """Per cycle: dossiers, decided, waiting for a decision, still drafts, awards
    granted — one query for every cycle."""
    cycles = list(cycles)
    counts = award_selectors.cycle_counts(cycle.award_date for cycle in cycles)
    awards = dict(
        AwardCycle.objects.filter(pk__in=[c.pk for c in cycles]).annotate(n=Count("awards")).values_list("pk", "n")
    )
    return [cycle_summary(cycle, counts[cycle.award_date], awards=awards.get(cycle.pk, 0)) for cycle in cycles]


def cycle_summary(cycle: AwardCycle, counts: award_selectors.CycleCounts, *, awards: int) -> CycleSummary:
    return CycleSummary(
        cycle=cycle,
        dossiers=counts.count(),
        decided=counts.count(decided=True),
        undecided_in_review=counts.count(states=Dossier.IN_REVIEW_STATES, decided=False),
        drafts=counts.count(states=Dossier.EDITABLE_STATES),
        awards=awards,
    )


def active_cycles(today: date) -> list[AwardCycle]:
    """The cycles an admin works on now: the latest award date, the next two, and
    any older one not announced yet."""
    latest = cal.award_date_on_or_before(today)
    horizon = cal.award_dates_from(today, 2)[-1]
    unfinished = (*AwardCycle.ANNOUNCEABLE_STATES, AwardCycle.State.ANNOUNCING)
    return list(
        AwardCycle.objects.filter(
            Q(award_date__range=(latest, horizon)) | Q(award_date__lt=latest, state__in=unfinished)
        ).order_by("award_date")
    )


# Dossiers without a decision: chase the drafts ---------------------------------------
UNDECIDED_GROUPS = ("past", "drafts", "submitted")


@dataclass
class UndecidedRow:
    dossier: Dossier
    deadline: date | None  # its submission deadline (the cycle's, or its extension); None once handed in
    past_deadline: bool
    reminded_today: bool
    refusal: str  # why the viewer may not chase it ("" when they may)

    @property
    def can_chase(self) -> bool:
        return self.dossier.is_editable and not self.refusal


@dataclass
class UndecidedDossiers:
    rows: list[UndecidedRow]
    total: int
    counts: dict  # group → how many: past (drafts past their deadline), drafts (before it), submitted


def cycle_without_decision(cycle: AwardCycle, user, *, today: date, group: str = "") -> UndecidedDossiers:
    """The dossiers of ``cycle`` that the announcement would find without a
    decision, told apart: drafts past their deadline, drafts still before it,
    and submitted ones waiting for staff. ``group`` narrows the rows to one of
    ``UNDECIDED_GROUPS``. The deadline of each is the cycle's as its own
    extension moves it (``with_extension``). A fixed number of queries."""
    editable = Q(state__in=Dossier.EDITABLE_STATES)
    base = Dossier.objects.filter(award_date=cycle.award_date, decision__isnull=True).exclude(
        state=Dossier.State.CLOSED
    )
    # Past: the later of the cycle's deadline and the dossier's extension is before today.
    if cycle.submission_deadline < today:
        past = editable & (Q(deadline_extended_to__isnull=True) | Q(deadline_extended_to__lt=today))
    else:
        past = Q(pk__in=[])
    counts = base.aggregate(
        past=Count("pk", filter=past),
        drafts=Count("pk", filter=editable & ~past),
        submitted=Count("pk", filter=~editable),
    )
    filters = {"past": past, "drafts": editable & ~past, "submitted": ~editable}
    chosen = base.filter(filters[group]) if group in filters else base
    dossiers = list(
        with_viewer_conflict(chosen, user)
        .select_related("owner", "expertise")
        .order_by("state", "owner__display_name", "pk")[:DESK_LIMIT]
    )
    reminded = dossier_reminded_today([d.pk for d in dossiers], today)
    rows = []
    for dossier in dossiers:
        deadline = (
            with_extension(cycle.submission_deadline, dossier.deadline_extended_to) if dossier.is_editable else None
        )
        rows.append(
            UndecidedRow(
                dossier=dossier,
                deadline=deadline,
                past_deadline=deadline is not None and deadline < today,
                reminded_today=dossier.pk in reminded,
                refusal=dossier.viewer_conflict,
            )
        )
    total = counts[group] if group in filters else sum(counts.values())
    return UndecidedDossiers(rows=rows, total=total, counts=counts)
