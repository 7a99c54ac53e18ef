"""Factories of the nominations app."""

from datetime import date, timedelta

import factory

from nominations.models import Activity, ActivityType, Dossier, Invitation, Nomination, NominationSupport
from tests.factories.accounts import ExpertiseFactory, UserFactory


class ActivityTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityType
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"test-type-{n}")
    name = factory.Sequence(lambda n: f"Test activity type {n}")
    quantity_label = "Items"
    second_quantity_label = ""
    reach_label = "Reach"
    url_required = False


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    nominee_name = factory.Sequence(lambda n: f"Nominee {n}")
    nominee_email = factory.Sequence(lambda n: f"nominee{n}@example.org")
    nominee_country = "IE"
    expertise = factory.SubFactory(ExpertiseFactory)
    statement = "Runs the Dublin user group, speaks at conferences and answers forum questions every week."
    nominator = factory.SubFactory(UserFactory)


class DossierFactory(factory.django.DjangoModelFactory):
    """A draft *new* dossier for the 2027-01-01 award date, period = the year before."""

    class Meta:
        model = Dossier

    owner = factory.SubFactory(UserFactory)
    kind = Dossier.Kind.NEW
    nomination = factory.LazyAttribute(
        lambda d: (
            NominationFactory(
                nominee=d.owner,
                nominee_email=d.owner.email,
                nominee_name=d.owner.display_name,
                expertise=d.expertise,
                state=Nomination.State.CLAIMED,
            )
            if d.kind == Dossier.Kind.NEW
            else None
        )
    )
    expertise = factory.SubFactory(ExpertiseFactory)
    country = factory.LazyAttribute(lambda d: str(d.owner.country or ""))
    award_date = date(2027, 1, 1)
    period_end = date(2026, 11, 28)
    period_start = factory.LazyAttribute(lambda d: d.period_end - timedelta(days=365))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    dossier = factory.SubFactory(DossierFactory)
    activity_type = factory.SubFactory(ActivityTypeFactory)
    title = factory.Sequence(lambda n: f"Community contribution {n}")
    started_on = date(2026, 6, 15)
    url = factory.Sequence(lambda n: f"https://blog.example.org/post-{n}")
    quantity = 1
    reach = 100


class NominationSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NominationSupport

    nomination = factory.SubFactory(NominationFactory)
    supporter = factory.SubFactory(UserFactory)
    statement = "I have seen their talks; they help many people."


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; the nomination is moved to *invited*."""

    class Meta:
        model = Invitation

    nomination = factory.SubFactory(NominationFactory, state=Nomination.State.INVITED)
    invited_by = factory.SubFactory(UserFactory)
