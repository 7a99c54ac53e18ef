"""The fairness figures: pure functions, checked by hand."""

from datetime import date
from decimal import Decimal

from evaluations.fairness import (
    CriterionHabit,
    Scored,
    dossier_figures,
    normalised_scores,
    review_order_key,
    reviewer_profiles,
)

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


# Normalised scores -----------------------------------------------------------------------------
def scored(evaluator_id: int, *values) -> list[Scored]:
    """One evaluator's weighted scores on dossiers 1, 2, 3, …; ``None`` is an abstention."""
    return [
        Scored(dossier, evaluator_id, None if v is None else Decimal(v)) for dossier, v in enumerate(values, start=1)
    ]


def rounded(value) -> Decimal:
    return value.quantize(Decimal("0.0001"))


# Ann: 1 2 3 4 5 → mean 3, variance (4+1+0+1+4)/5 = 2, sd √2 = 1.41421; z = −1.4142 −0.7071 0 0.7071 1.4142.
ANN = scored(1, 1, 2, 3, 4, 5)
# Ben, lenient: 3 3 4 4 5 → mean 3.8, variance (.64+.64+.04+.04+1.44)/5 = .56, sd .74833;
# z = −1.0690 −1.0690 0.2673 0.2673 1.6036.
BEN = scored(2, 3, 3, 4, 4, 5)


def test_normalised_scores_hand_checked():
    z = normalised_scores(ANN + BEN)
    assert [rounded(z[(d, 1)]) for d in range(1, 6)] == [
        Decimal("-1.4142"),
        Decimal("-0.7071"),
        Decimal("0.0000"),
        Decimal("0.7071"),
        Decimal("1.4142"),
    ]
    assert [rounded(z[(d, 2)]) for d in range(1, 6)] == [
        Decimal("-1.0690"),
        Decimal("-1.0690"),
        Decimal("0.2673"),
        Decimal("0.2673"),
        Decimal("1.6036"),
    ]


def test_a_dossiers_normalised_score_is_the_mean_z_of_its_evaluators():
    figures = dossier_figures(ANN + BEN)
    # Dossier 5: (1.41421 + 1.60357) / 2 = 1.50889; dossier 1: (−1.41421 − 1.06904) / 2 = −1.24163.
    assert figures[5].normalised == Decimal("1.5089")
    assert figures[1].normalised == Decimal("-1.2416")
    assert figures[5].normalised_count == 2
    # Ann and Ben score dossier 5 alike in their own terms, though Ben's raw 5 is his usual high.
    assert figures[3].normalised == Decimal("0.1336")  # (0 + 0.26726) / 2


def test_an_evaluator_who_gives_everyone_the_same_score_has_z_zero():
    # Cat gives 4 to all five (a tie throughout): her sd is 0, her z is 0, and she pulls every mean towards 0.
    figures = dossier_figures(ANN + scored(3, 4, 4, 4, 4, 4))
    assert figures[5].normalised == Decimal("0.7071")  # (1.41421 + 0) / 2
    assert figures[1].normalised == Decimal("-0.7071")


def test_one_evaluator_alone_gives_their_own_z():
    figures = dossier_figures(ANN)
    assert figures[5].normalised == Decimal("1.4142") and figures[5].normalised_count == 1
    assert figures[5].spread is None  # nobody to disagree with


def test_an_evaluator_below_the_minimum_is_left_out():
    # Dan scored four dossiers (one fewer than MIN_SCORED_TO_NORMALISE): his scores do not count.
    dan = scored(4, 5, 5, 1, 1)
    figures = dossier_figures(ANN + dan)
    assert figures[1].normalised == Decimal("-1.4142") and figures[1].normalised_count == 1
    assert dossier_figures(dan)[1].normalised is None
    # With a lower stated minimum he counts: mean 3, sd 2, z(dossier 1) = 1.
    assert dossier_figures(dan, minimum=4)[1].normalised == Decimal("1.0000")


def test_abstentions_are_left_out_of_the_count_and_the_mean():
    # Eve: 2 2 4 4 and an abstention on dossier 5, then 3 on dossier 6 — five scored in all.
    eve = scored(5, 2, 2, 4, 4, None, 3)
    z = normalised_scores(eve)
    assert (5, 5) not in z
    # mean 3, variance (1+1+1+1+0)/5 = 0.8, sd 0.89443: z(dossier 1) = −1.1180.
    assert rounded(z[(1, 5)]) == Decimal("-1.1180")
    assert dossier_figures(eve)[5].normalised is None


# Disagreement ----------------------------------------------------------------------------------
def test_disagreement_is_the_range_of_the_weighted_scores():
    figures = dossier_figures(ANN + BEN)
    assert figures[1].spread == Decimal("2.0000")  # Ann 1, Ben 3
    assert figures[1].needs_discussion
    assert figures[3].spread == Decimal("1.0000")  # Ann 3, Ben 4
    assert not figures[3].needs_discussion
    edge = dossier_figures([Scored(9, 1, Decimal("2.5")), Scored(9, 2, Decimal("4")), Scored(9, 3, None)])
    assert edge[9].spread == Decimal("1.5000") and edge[9].needs_discussion  # exactly the threshold


# Reviewer profiles -----------------------------------------------------------------------------
def test_reviewer_profile_hand_checked():
    evaluations = [
        # Dossier 1: Ann 1, Ben 4, Cy 4. Dossier 2: Ann 2, Ben 4. Dossier 3: Ann 1, Ben 3, Cy 5.
        Scored(1, 1, Decimal(1)),
        Scored(1, 2, Decimal(4)),
        Scored(1, 3, Decimal(4)),
        Scored(2, 1, Decimal(2)),
        Scored(2, 2, Decimal(4)),
        Scored(3, 1, Decimal(1)),
        Scored(3, 2, Decimal(3)),
        Scored(3, 3, Decimal(5)),
        # Dossier 4: Ann abstains, Ben 3 alone. Dossier 5: Ann 3 alone.
        Scored(4, 1, None),
        Scored(4, 2, Decimal(3)),
        Scored(5, 1, Decimal(3)),
    ]
    # Ann's criterion 10: 1 2 1 → mean 1.3333, sd √(2/9) = 0.4714; criterion 11: 3 2 1 → mean 2, sd √(2/3) = 0.8165.
    criterion_scores = [(1, 10, 1), (1, 10, 2), (1, 10, 1), (1, 11, 3), (1, 11, 2), (1, 11, 1)]
    profiles = reviewer_profiles(evaluations, criterion_scores)
    ann = profiles[1]
    assert (ann.scored, ann.abstained) == (4, 1)
    assert ann.criteria[10] == CriterionHabit(3, Decimal("1.3333"), Decimal("0.4714"))
    assert ann.criteria[11] == CriterionHabit(3, Decimal("2.0000"), Decimal("0.8165"))
    # Shared: dossier 1 (1 − 4 = −3), 2 (2 − 4 = −2), 3 (1 − 4 = −3); dossier 5 has nobody else.
    assert ann.shared == 3
    assert ann.offset == Decimal("-2.6667") and ann.distance == Decimal("2.6667")
    assert ann.is_outlier
    # Ben: +1.5 (4 − 2.5), +2, 0 (3 − 3); dossier 4 alone (Ann abstained) → offset 3.5 / 3.
    ben = profiles[2]
    assert ben.shared == 3 and ben.offset == Decimal("1.1667") and ben.distance == Decimal("1.1667")
    # Cy: +2.25 on average but over two shared dossiers only: not flagged.
    cy = profiles[3]
    assert cy.shared == 2 and cy.offset == Decimal("2.2500") and not cy.is_outlier


def test_a_reviewer_who_agrees_on_average_but_scatters_is_flagged_by_distance():
    # Dee: +1.5, −1.5, +1.5 against Eli on three dossiers → offset 0.5, distance 1.5.
    evaluations = []
    for dossier, (dee, eli) in enumerate([(4.5, 3), (1.5, 3), (4.5, 3)], start=1):
        evaluations += [Scored(dossier, 1, Decimal(str(dee))), Scored(dossier, 2, Decimal(eli))]
    dee = reviewer_profiles(evaluations)[1]
    assert dee.offset == Decimal("0.5000") and dee.distance == Decimal("1.5000") and dee.is_outlier


def test_agreeing_reviewers_are_not_flagged():
    evaluations = [Scored(d, e, Decimal(3 + (e % 2) * Decimal("0.5"))) for d in range(1, 6) for e in (1, 2, 3)]
    assert not any(p.is_outlier for p in reviewer_profiles(evaluations).values())
