"""Demo awards for ``seed_demo``: MVPs granted in each of the last four
quarters (so some are in their renewal window), long-standing MVPs with a
chain of yearly awards, and lapsed MVPs; the award cycles (past ones
announced, the next ones open or evaluating); and the renewal scan run for
the demo's today, so MVPs in their window have their renewal dossier open."""

import random
from datetime import date

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.models import Expertise, User
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.services import cycles_advance, cycles_ensure

from . import services
from .models import AlumniCredential, Award, AwardRevocation


def create_awards(rng: random.Random, *, mvps: list[User], lapsed: list[User], today: date) -> list[Award]:
    current = cal.award_date_on_or_before(today)
    quarters = [cal.add_months(current, -3 * q) for q in range(4)]
    expertises = list(Expertise.objects.filter(is_active=True))
    awards = []
    for index, user in enumerate(mvps):
        # The first MVP (the demo login) is in the renewal window of an award granted nine months ago.
        latest = quarters[3] if index == 0 else quarters[index % 4]
        expertise = rng.choice(expertises)
        years = 1 + (3 if index == 0 else rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8]))
        for year in range(years):
            starts_on = cal.add_months(latest, -12 * year)
            # Some changed expertise at a renewal, like the source's author.
            expertise_then = rng.choice(expertises) if year and rng.random() < 0.15 else expertise
            awards.append(
                Award(user=user, expertise=expertise_then, starts_on=starts_on, ends_on=cal.award_ends_on(starts_on))
            )
    for index, user in enumerate(lapsed):
        # Their last award ended between one quarter and two years ago.
        starts_on = cal.add_months(current, -12 - 3 * (1 + index % 8))
        awards.append(
            Award(
                user=user, expertise=rng.choice(expertises), starts_on=starts_on, ends_on=cal.award_ends_on(starts_on)
            )
        )
    return Award.objects.bulk_create(awards, batch_size=2000)


def create_cycles(*, today: date) -> list[AwardCycle]:
    """Every award date that has awards, announced; the next four from today ahead."""
    from django.utils import timezone

    past = sorted(set(Award.objects.filter(starts_on__lte=today).values_list("starts_on", flat=True)))
    announced_at = timezone.now()
    AwardCycle.objects.bulk_create(
        [
            AwardCycle(
                award_date=day,
                submission_deadline=cal.submission_deadline(day),
                evaluation_deadline=cal.evaluation_deadline(day),
                state=AwardCycle.State.ANNOUNCED,
                announced_at=announced_at,
            )
            for day in past
        ],
        ignore_conflicts=True,
    )
    for cycle in AwardCycle.objects.filter(award_date__in=past):
        Award.objects.filter(starts_on=cycle.award_date, cycle__isnull=True).update(cycle=cycle)
    cycles_ensure(today=today)
    cycles_advance(today=today)
    return list(AwardCycle.objects.order_by("award_date"))


def seed(context) -> None:
    awards = create_awards(
        context.rng, mvps=context.objects["mvps"], lapsed=context.objects["lapsed"], today=context.today
    )
    context.objects["awards"] = awards
    cycles = create_cycles(today=context.today)
    context.objects["cycles"] = cycles
    # What the daily beat task would have done by today: renewal dossiers
    # opened and re-evaluation notices queued, each once.
    run = services.awards_daily(today=context.today)
    context.summary.append(
        f"{len(awards)} awards; {len(cycles)} award cycles "
        f"({sum(c.state == AwardCycle.State.ANNOUNCED for c in cycles)} announced); "
        f"{run.renewals_opened} renewal dossiers opened for MVPs in their renewal window; "
        f"{run.alumni_credentials_issued} alumni credentials for lapsed MVPs"
    )


def delete_all() -> None:
    # Awards point at dossiers (granted by / renewed by): unlink before the
    # lower apps delete their dossiers. Credentials' rows protect their awards.
    AlumniCredential.objects.all().delete()
    AwardRevocation.objects.all().delete()
    Award.objects.all().delete()
    AwardCycle.objects.all().delete()
