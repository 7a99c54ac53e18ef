"""How scores add up; pure functions, hand-checked in the tests.

- An evaluator's weighted score is Σ wᵢ·sᵢ / Σ wᵢ over the criteria they scored
  (each sᵢ from 1 to 5, wᵢ the criterion's weight when they scored).
- A dossier's weighted mean is the arithmetic mean of its evaluators' weighted
  scores; its median is the median of the same numbers (the mean of the two
  middle ones for an even count).
- Abstentions have no weighted score and are left out of both; a dossier with
  no scored evaluation has neither a mean nor a median (``None``).
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PRECISION = Decimal("0.0001")


def weighted_score(scores: Iterable[tuple[int, int]]) -> Decimal:
    """``scores`` as (weight, value) pairs → Σ w·s / Σ w, to four decimals."""
    pairs = list(scores)
    total_weight = sum(weight for weight, _ in pairs)
    if not pairs or total_weight <= 0:
        raise ValueError("A weighted score needs at least one criterion with a positive weight.")
    total = sum(Decimal(weight) * Decimal(value) for weight, value in pairs)
    return (total / Decimal(total_weight)).quantize(PRECISION, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Aggregate:
    mean: Decimal | None
    median: Decimal | None
    scored: int
    abstained: int


def aggregate(weighted_scores: Iterable[Decimal | None]) -> Aggregate:
    """Mean and median of evaluators' weighted scores; ``None`` marks an abstention."""
    values = list(weighted_scores)
    scored = [Decimal(v) for v in values if v is not None]
    if not scored:
        return Aggregate(mean=None, median=None, scored=0, abstained=len(values))
    mean = (sum(scored) / len(scored)).quantize(PRECISION, rounding=ROUND_HALF_UP)
    median = Decimal(statistics.median(scored)).quantize(PRECISION, rounding=ROUND_HALF_UP)
    return Aggregate(mean=mean, median=median, scored=len(scored), abstained=len(values) - len(scored))
