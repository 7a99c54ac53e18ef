"""Kernel reads: award history (years as MVP, first award year) and leads by country."""

from datetime import date

from mvp_portal.accounts import selectors
from mvp_portal.accounts.models import User
from tests.factories import AwardFactory, UserFactory


def test_award_history_counts_years_held_up_to_today(db, expertise):
    veteran = UserFactory()
    for year in (2019, 2020, 2021, 2023, 2024, 2025, 2026):  # a gap in 2022
        AwardFactory(user=veteran, expertise=expertise, starts_on=date(year, 4, 1))
    AwardFactory(user=veteran, expertise=expertise, starts_on=date(2027, 4, 1))  # not started yet
    newcomer = UserFactory()
    AwardFactory(user=newcomer, expertise=expertise, starts_on=date(2026, 10, 1))
    today = date(2026, 11, 28)

    assert selectors.award_history(veteran, today=today) == selectors.AwardHistory(2019, 7)
    assert selectors.award_history(newcomer, today=today) == selectors.AwardHistory(2026, 1)
    assert selectors.award_history(UserFactory(), today=today) == selectors.AwardHistory(None, 0)
    assert selectors.award_histories([veteran.pk, newcomer.pk], today=today) == {
        veteran.pk: selectors.AwardHistory(2019, 7),
        newcomer.pk: selectors.AwardHistory(2026, 1),
    }
    annotated = {
        u.pk: (u.first_award_on, u.award_years) for u in selectors.with_award_history(User.objects, today=today)
    }
    assert annotated[veteran.pk] == (date(2019, 4, 1), 7)
    assert annotated[newcomer.pk] == (date(2026, 10, 1), 1)
