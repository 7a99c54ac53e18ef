from datetime import date

import factory

from awards.models import Award
from mvp_portal import program_calendar
from tests.factories.accounts import ExpertiseFactory, UserFactory


class AwardFactory(factory.django.DjangoModelFactory):
    """An award granted on ``starts_on`` (a quarterly date), held a year."""

    class Meta:
        model = Award

    user = factory.SubFactory(UserFactory)
    expertise = factory.SubFactory(ExpertiseFactory)
    starts_on = date(2026, 10, 1)
    ends_on = factory.LazyAttribute(lambda award: program_calendar.award_ends_on(award.starts_on))
