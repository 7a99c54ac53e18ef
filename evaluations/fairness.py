"""Fairness figures over evaluators' scores; pure functions, hand-checked in the tests.

- **Review order.** Each evaluator reads their dossiers in an order of their own,
  so that not everyone reads the same dossier first: a dossier's place is the
  SHA-256 of (evaluator, award date, dossier), stable across reloads and new
  assignments, different between evaluators.
- **Normalised score.** Each evaluator's weighted scores in one cycle are
  standardised against their own: z = (score − their mean) / their standard
  deviation (population), so that a harsh and a lenient evaluator count alike;
  0 is that evaluator's average dossier. Only evaluators with at least
  ``MIN_SCORED_TO_NORMALISE`` scored dossiers in the cycle count (fewer say
  too little about their habits); abstentions are left out. A dossier's
  normalised score is the mean z of its evaluators who count.
- **Disagreement.** A dossier *needs discussion* when its evaluators' weighted
  scores differ by ``DISAGREEMENT_SPREAD`` points or more (highest − lowest).
- **Reviewer profile.** Per evaluator and cycle: how many scored, the mean and
  standard deviation per criterion, and how far they sit from the others on
  the dossiers they share — the mean of (own score − the others' mean). An
  evaluator is flagged to the lead when that distance (taken absolute) is
  ``OUTLIER_DISTANCE`` points or more over ``MIN_SHARED_FOR_OUTLIER`` shared
  dossiers or more.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import pgettext_lazy

from .scoring import PRECISION

MIN_SCORED_TO_NORMALISE = 5
DISAGREEMENT_SPREAD = Decimal("1.5")
OUTLIER_DISTANCE = Decimal("1.0")
MIN_SHARED_FOR_OUTLIER = 3


def review_order_key(*, evaluator_id: int, award_date: date, dossier_id: int) -> str:
    """The sort key of one dossier in one evaluator's list for one cycle (the award date)."""
    seed = f"{evaluator_id}:{award_date.isoformat()}:{dossier_id}"
    return hashlib.sha256(seed.encode()).hexdigest()


# Normalised scores ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Scored:
    """One evaluation as the fairness figures see it: ``score`` is the weighted score, ``None`` for an abstention."""

    dossier_id: int
    evaluator_id: int
    score: Decimal | None


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def _spread(values: list[Decimal]) -> Decimal:
    """The population standard deviation √(Σ(x − mean)² / n)."""
    mean = _mean(values)
    return (sum(((v - mean) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(PRECISION, rounding=ROUND_HALF_UP)


def normalised_scores(
    evaluations: Iterable[Scored], *, minimum: int = MIN_SCORED_TO_NORMALISE
) -> dict[tuple[int, int], Decimal]:
    """{(dossier id, evaluator id): z} for every scored evaluation of an evaluator
    with at least ``minimum`` scored evaluations among ``evaluations`` (one cycle's).

    z = (score − the evaluator's mean) / the evaluator's standard deviation; an
    evaluator who gave every dossier the same score has z = 0 throughout (their
    scores tell the dossiers apart no better than not scoring).
    """
    by_evaluator: dict[int, list[Scored]] = defaultdict(list)
    for evaluation in evaluations:
        if evaluation.score is not None:
            by_evaluator[evaluation.evaluator_id].append(evaluation)
    result = {}
    for evaluator_id, own in by_evaluator.items():
        if len(own) < minimum:
            continue
        values = [Decimal(e.score) for e in own]
        mean, spread = _mean(values), _spread(values)
        for evaluation, value in zip(own, values, strict=True):
            z = (value - mean) / spread if spread else Decimal(0)
            result[(evaluation.dossier_id, evaluator_id)] = z
    return result


@dataclass(frozen=True)
class DossierFigures:
    """A dossier's fairness figures in its cycle."""

    normalised: Decimal | None  # the mean of its evaluators' z, over those with enough scores
    normalised_count: int  # how many evaluators' z went into it
    spread: Decimal | None  # highest minus lowest weighted score, with two or more scored

    @property
    def needs_discussion(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD


NO_FIGURES = DossierFigures(normalised=None, normalised_count=0, spread=None)


def dossier_figures(
    evaluations: Iterable[Scored], *, minimum: int = MIN_SCORED_TO_NORMALISE
) -> dict[int, DossierFigures]:
    """{dossier id: DossierFigures} over one cycle's evaluations."""
    evaluations = list(evaluations)
    z = normalised_scores(evaluations, minimum=minimum)
    per_dossier: dict[int, list[Scored]] = defaultdict(list)
    for evaluation in evaluations:
        per_dossier[evaluation.dossier_id].append(evaluation)
    figures = {}
    for dossier_id, own in per_dossier.items():
        zs = [z[(dossier_id, e.evaluator_id)] for e in own if (dossier_id, e.evaluator_id) in z]
        scores = [Decimal(e.score) for e in own if e.score is not None]
        figures[dossier_id] = DossierFigures(
            normalised=_quantize(_mean(zs)) if zs else None,
            normalised_count=len(zs),
            spread=_quantize(max(scores) - min(scores)) if len(scores) >= 2 else None,
        )
    return figures


# Reviewer profiles ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CriterionHabit:
    """One evaluator's scores on one criterion: how many, their mean and standard deviation."""

    count: int
    mean: Decimal
    spread: Decimal


@dataclass(frozen=True)
class ReviewerProfile:
    evaluator_id: int
    scored: int
    abstained: int
    criteria: dict[int, CriterionHabit]  # criterion id → habit
    shared: int  # dossiers on which someone else's score stands beside theirs
    offset: Decimal | None  # mean of (own − the others' mean) over the shared dossiers: < 0 harsher, > 0 more lenient
    distance: Decimal | None  # mean of |own − the others' mean| over the same

    @property
    def is_outlier(self) -> bool:
        return self.shared >= MIN_SHARED_FOR_OUTLIER and self.distance is not None and self.distance >= OUTLIER_DISTANCE


def reviewer_profiles(
    evaluations: Iterable[Scored], criterion_scores: Iterable[tuple[int, int, int]] = ()
) -> dict[int, ReviewerProfile]:
    """{evaluator id: ReviewerProfile} over one cycle's ``evaluations`` and their
    per-criterion ``criterion_scores`` as (evaluator id, criterion id, value)."""
    evaluations = list(evaluations)
    per_dossier: dict[int, list[Scored]] = defaultdict(list)
    per_evaluator: dict[int, list[Scored]] = defaultdict(list)
    for evaluation in evaluations:
        per_evaluator[evaluation.evaluator_id].append(evaluation)
        if evaluation.score is not None:
            per_dossier[evaluation.dossier_id].append(evaluation)
    values: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for evaluator_id, criterion_id, value in criterion_scores:
        values[evaluator_id][criterion_id].append(Decimal(value))
    profiles = {}
    for evaluator_id, own in per_evaluator.items():
        gaps = []
        for evaluation in own:
            if evaluation.score is None:
                continue
            others = [Decimal(e.score) for e in per_dossier[evaluation.dossier_id] if e.evaluator_id != evaluator_id]
            if others:
                gaps.append(Decimal(evaluation.score) - _mean(others))
        profiles[evaluator_id] = ReviewerProfile(
            evaluator_id=evaluator_id,
            scored=sum(1 for e in own if e.score is not None),
            abstained=sum(1 for e in own if e.score is None),
            criteria={
                criterion_id: CriterionHabit(len(vs), _quantize(_mean(vs)), _quantize(_spread(vs)))
                for criterion_id, vs in values[evaluator_id].items()
            },
            shared=len(gaps),
            offset=_quantize(_mean(gaps)) if gaps else None,
            distance=_quantize(_mean([abs(g) for g in gaps])) if gaps else None,
        )
    return profiles


# Feedback --------------------------------------------------------------------------------------
STRONG_FROM = Decimal(4)
SUFFICIENT_FROM = Decimal(3)


class Standing:
    # Shown to the person in their language; compared as text in English.
    STRONG = pgettext_lazy("feedback standing", "strong")
    SUFFICIENT = pgettext_lazy("feedback standing", "sufficient")
    NEEDS_MORE = pgettext_lazy("feedback standing", "needs more")


def criterion_standing(values: Iterable[int]) -> tuple[Decimal | None, str | None]:
    """(median, standing) of one criterion's scores on a dossier: *strong* from a median
    of ``STRONG_FROM``, *sufficient* from ``SUFFICIENT_FROM``, else *needs more*; no
    scores, no standing."""
    values = sorted(Decimal(v) for v in values)
    if not values:
        return None, None
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    if median >= STRONG_FROM:
        return median, Standing.STRONG
    if median >= SUFFICIENT_FROM:
        return median, Standing.SUFFICIENT
    return median, Standing.NEEDS_MORE
