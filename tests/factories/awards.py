"""Factories of the awards app."""

from datetime import date

import factory

from awards.models import Award
from mvp_portal import program_calendar
from mvp_portal.cycles.models import AwardCycle
from tests.factories.accounts import ExpertiseFactory, UserFactory

__all__ = ["AwardCycleFactory", "AwardFactory"]


class AwardCycleFactory(factory.django.DjangoModelFactory):
    """The cycle of ``award_date`` with the default deadlines (get-or-create)."""

    class Meta:
        model = AwardCycle
        django_get_or_create = ["award_date"]

    award_date = date(2027, 1, 1)
    submission_deadline = factory.LazyAttribute(lambda c: program_calendar.submission_deadline(c.award_date))
    evaluation_deadline = factory.LazyAttribute(lambda c: program_calendar.evaluation_deadline(c.award_date))


class AwardFactory(factory.django.DjangoModelFactory):
    """An award granted on ``starts_on`` (a quarterly date), held a year, in that date's cycle."""

    class Meta:
        model = Award

    user = factory.SubFactory(UserFactory)
    expertise = factory.SubFactory(ExpertiseFactory)
    starts_on = date(2026, 10, 1)
    ends_on = factory.LazyAttribute(lambda award: program_calendar.award_ends_on(award.starts_on))
    cycle = factory.LazyAttribute(
        lambda award: (
            AwardCycleFactory(award_date=award.starts_on, state=AwardCycle.State.ANNOUNCED)
            if program_calendar.is_award_date(award.starts_on)
            else None
        )
    )
