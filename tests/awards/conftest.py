"""Helpers for the awards tests: many awards, fast (bulk inserts)."""

from datetime import date

from awards.models import Award
from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import User
from mvp_portal.cycles.models import AwardCycle


def bulk_awards(count: int, *, starts_on: date, expertise, prefix: str = "bulk", country: str = "IE") -> list[Award]:
    """``count`` people, each holding an award granted on ``starts_on``."""
    cycle, _ = AwardCycle.objects.get_or_create(
        award_date=starts_on,
        defaults={
            "submission_deadline": cal.submission_deadline(starts_on),
            "evaluation_deadline": cal.evaluation_deadline(starts_on),
            "state": AwardCycle.State.ANNOUNCED,
        },
    )
    users = User.objects.bulk_create(
        [
            User(email=f"{prefix}-{starts_on:%Y%m%d}-{n}@example.org", display_name=f"{prefix} {n}", country=country)
            for n in range(count)
        ]
    )
    return Award.objects.bulk_create(
        [
            Award(user=u, expertise=expertise, starts_on=starts_on, ends_on=cal.award_ends_on(starts_on), cycle=cycle)
            for u in users
        ]
    )
