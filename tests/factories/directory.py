"""Factories of the directory app."""

from datetime import UTC, datetime

import factory

from directory.models import AwardKit, Briefing, NdaAcceptance, NdaVersion
from tests.factories.accounts import ExpertiseFactory, UserFactory
from tests.factories.awards import AwardFactory


class NdaVersionFactory(factory.django.DjangoModelFactory):
    """A published NDA version (published before the suite's TODAY)."""

    class Meta:
        model = NdaVersion

    version = factory.Sequence(lambda n: f"2026.{n}")
    text = "You will not disclose confidential information shared with you under the MVP program."
    published_at = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


class NdaAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NdaAcceptance

    user = factory.SubFactory(UserFactory)
    version = factory.SubFactory(NdaVersionFactory)
    accepted_at = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    expertise = factory.SubFactory(ExpertiseFactory)
    title = factory.Sequence(lambda n: f"Confidential roadmap briefing {n}")
    body = "The next release adds nested virtualisation to every tier. Do not share before the announcement."
    published_at = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


class AwardKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardKit

    award = factory.SubFactory(AwardFactory)
    shipping_address = ""


def bulk_mvps(count: int, *, expertises, languages, starts_on=None, prefix: str = "bulk") -> list:
    """``count`` listed MVPs in a few queries (bulk_create): users with a language or two,
    an online identity, and an award covering the suite's TODAY."""
    from datetime import date

    from awards.models import Award
    from mvp_portal import program_calendar
    from mvp_portal.accounts.models import OnlineIdentity, User

    starts_on = starts_on or date(2026, 10, 1)
    countries = ["IE", "DE", "FR", "US", "JP", "BR", "IN", "ZA"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@example.org",
                display_name=f"{prefix.title()} Person {i:05d}",
                country=countries[i % len(countries)],
                headline=f"Speaker number {i}",
                biography="Runs a user group and writes a blog.",
                password="!",  # unusable
            )
            for i in range(count)
        ],
        batch_size=1000,
    )
    through = User.languages.through
    through.objects.bulk_create(
        [through(user_id=user.pk, language_id=languages[i % len(languages)].pk) for i, user in enumerate(users)]
        + [
            through(user_id=user.pk, language_id=languages[(i + 1) % len(languages)].pk)
            for i, user in enumerate(users)
            if i % 3 == 0 and len(languages) > 1
        ],
        batch_size=2000,
    )
    OnlineIdentity.objects.bulk_create(
        [OnlineIdentity(user=user, url=f"https://{prefix}{user.pk}.example.org/") for user in users], batch_size=2000
    )
    Award.objects.bulk_create(
        [
            Award(
                user=user,
                expertise=expertises[i % len(expertises)],
                starts_on=starts_on,
                ends_on=program_calendar.award_ends_on(starts_on),
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    return users
