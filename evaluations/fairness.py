"""Fairness figures over evaluators' scores; pure functions, hand-checked in the tests.

- **Review order.** Each evaluator reads their dossiers in an order of their own,
  so that not everyone reads the same dossier first: a dossier's place is the
  SHA-256 of (evaluator, award date, dossier), stable across reloads and new
  assignments, different between evaluators.
"""

import hashlib
from datetime import date


def review_order_key(*, evaluator_id: int, award_date: date, dossier_id: int) -> str:
    """The sort key of one dossier in one evaluator's list for one cycle (the award date)."""
    seed = f"{evaluator_id}:{award_date.isoformat()}:{dossier_id}"
    return hashlib.sha256(seed.encode()).hexdigest()
