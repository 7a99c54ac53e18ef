from decimal import Decimal

import pytest

from evaluations.scoring import aggregate, weighted_score


def test_weighted_score_hand_checked():
    # (3·5 + 2·4 + 1·2) / (3 + 2 + 1) = 25 / 6 = 4.1667
    assert weighted_score([(3, 5), (2, 4), (1, 2)]) == Decimal("4.1667")
    # (3·2 + 2·3 + 1·4) / 6 = 16 / 6 = 2.6667
    assert weighted_score([(3, 2), (2, 3), (1, 4)]) == Decimal("2.6667")
    assert weighted_score([(1, 3)]) == Decimal("3")


def test_weighted_score_without_criteria_is_refused():
    with pytest.raises(ValueError):
        weighted_score([])


def test_aggregate_odd_count_with_abstentions_excluded():
    result = aggregate([Decimal("4.1667"), None, Decimal("2.6667"), Decimal("3.0000"), None])
    # mean of the three scored: (4.1667 + 2.6667 + 3) / 3 = 9.8334 / 3 = 3.2778; median 3.0
    assert result.mean == Decimal("3.2778")
    assert result.median == Decimal("3.0000")
    assert (result.scored, result.abstained) == (3, 2)


def test_aggregate_even_count_median_is_mean_of_middle_two():
    result = aggregate([Decimal("1"), Decimal("2"), Decimal("4"), Decimal("5")])
    assert result.mean == Decimal("3.0000")
    assert result.median == Decimal("3.0000")
    result = aggregate([Decimal("1"), Decimal("2"), Decimal("5"), Decimal("5")])
    assert result.mean == Decimal("3.2500")
    assert result.median == Decimal("3.5000")


def test_aggregate_only_abstentions_has_no_score():
    result = aggregate([None, None])
    assert result.mean is None and result.median is None
    assert (result.scored, result.abstained) == (0, 2)
