"""The fairness figures: pure functions, checked by hand."""

from datetime import date

from evaluations.fairness import review_order_key

CYCLE = date(2027, 1, 1)


def order(evaluator_id: int, dossier_ids, award_date=CYCLE) -> list[int]:
    return sorted(
        dossier_ids, key=lambda d: review_order_key(evaluator_id=evaluator_id, award_date=award_date, dossier_id=d)
    )


# Review order ----------------------------------------------------------------------------------
def test_review_order_is_stable_for_one_evaluator():
    dossiers = list(range(1, 21))
    assert order(7, dossiers) == order(7, list(reversed(dossiers)))


def test_review_order_differs_between_evaluators_and_cycles():
    dossiers = list(range(1, 21))
    assert order(7, dossiers) != order(8, dossiers)
    assert order(7, dossiers) != order(7, dossiers, award_date=date(2027, 4, 1))
    # Not just everyone starting on the same dossier: over ten evaluators, several different firsts.
    assert len({order(e, dossiers)[0] for e in range(1, 11)}) >= 4


def test_review_order_keeps_the_others_in_place_when_a_dossier_is_added():
    before = order(7, list(range(1, 21)))
    after = order(7, list(range(1, 22)))
    assert [d for d in after if d != 21] == before
