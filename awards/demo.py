"""Demo awards for ``seed_demo``: MVPs granted in the three quarters before the
latest award date (so some are in their renewal window), long-standing MVPs
with a chain of yearly awards, and lapsed MVPs; the award cycles (older ones
announced; the latest award date left unannounced, its decisions made, for
the admin to announce today; the next ones open or evaluating); and the
renewal scan run for the demo's today, so MVPs in their window have their
renewal dossier open.

On any day the demo MVP's renewal must be open for submissions: on the days
between a cycle's default submission deadline and its award date no award's
renewal window has a deadline ahead, so the demo extends that cycle's
submission deadline the way a program admin would (logged) and says so."""

import random
from datetime import date, timedelta

from mvp_portal import program_calendar as cal
from mvp_portal.accounts.demo import headlines_follow
from mvp_portal.accounts.models import Expertise, User
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.cycles.services import cycle_deadlines_update, cycle_for, cycles_advance, cycles_ensure

from . import services
from .models import AlumniCredential, Award, AwardRevocation, ReadinessNote


def create_awards(rng: random.Random, *, mvps: list[User], lapsed: list[User], today: date) -> list[Award]:
    current = cal.award_date_on_or_before(today)
    quarters = [cal.add_months(current, -3 * q) for q in range(4)]
    # The latest award date is not announced yet (the admin announces it): no award starts on it.
    expertises = list(Expertise.objects.filter(is_active=True))
    awards = []
    for index, user in enumerate(mvps):
        # The first MVP (the demo login) is in the renewal window of an award granted nine months ago.
        latest = quarters[3] if index == 0 else quarters[1 + index % 3]
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
    awards = Award.objects.bulk_create(awards, batch_size=2000)
    latest_expertise = {}
    for award in sorted(awards, key=lambda a: a.starts_on):
        latest_expertise[award.user_id] = award.expertise.name
    people = {user.pk: user for user in [*mvps, *lapsed]}
    headlines_follow(rng, {people[pk]: name for pk, name in latest_expertise.items()})
    return awards


def create_cycles(*, today: date) -> list[AwardCycle]:
    """Every award date that has awards, announced; the latest award date
    waiting to be announced (its deadlines passed, so evaluating); the next
    four from today ahead."""
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
    cycle_for(cal.award_date_on_or_before(today))
    cycles_ensure(today=today)
    cycles_advance(today=today)
    return list(AwardCycle.objects.order_by("award_date"))


def extend_renewal_deadline(*, award_date: date, today: date, actor) -> AwardCycle | None:
    """Keep the submission deadline of ``award_date`` (the demo MVP's renewal)
    ahead of ``today``, through the cycles' own service (logged). None when
    the default deadline is still ahead."""
    cycle = cycle_for(award_date)
    if cycle.submission_deadline >= today:
        return None
    submission = min(today + timedelta(days=14), award_date - timedelta(days=1))
    evaluation = min(max(cycle.evaluation_deadline, submission), award_date - timedelta(days=1))
    return cycle_deadlines_update(
        cycle_id=cycle.pk, submission_deadline=submission, evaluation_deadline=evaluation, actor=actor, today=today
    )


def seed(context) -> None:
    today = context.today
    awards = create_awards(context.rng, mvps=context.objects["mvps"], lapsed=context.objects["lapsed"], today=today)
    context.objects["awards"] = awards
    cycles = create_cycles(today=today)
    demo_start = max(a.starts_on for a in awards if a.user_id == context.objects["mvps"][0].pk)
    extended = extend_renewal_deadline(
        award_date=cal.renewal_award_date(demo_start), today=today, actor=context.objects["admin"]
    )
    if extended:
        cycles = list(AwardCycle.objects.order_by("award_date"))
        context.summary.append(
            f"the submission deadline of {extended.award_date:%Y-%m-%d} was extended to "
            f"{extended.submission_deadline:%Y-%m-%d} (logged on the cycle), so that renewals are open today"
        )
    context.objects["cycles"] = cycles
    # What the daily beat task would have done by today: renewal dossiers
    # opened and re-evaluation notices queued, each once.
    run = services.awards_daily(today=today)
    from .readiness_demo import seed as seed_readiness

    seed_readiness(context)
    context.summary.append(
        f"{len(awards)} awards; {len(cycles)} award cycles "
        f"({sum(c.state == AwardCycle.State.ANNOUNCED for c in cycles)} announced); "
        f"{run.renewals_opened} renewal dossiers opened for MVPs in their renewal window; "
        f"{run.alumni_credentials_issued} alumni credentials for lapsed MVPs"
    )


def delete_all() -> None:
    # Awards point at dossiers (granted by / renewed by): unlink before the
    # lower apps delete their dossiers. Credentials' rows protect their awards.
    ReadinessNote.objects.all().delete()  # its versions go with it
    AlumniCredential.objects.all().delete()
    AwardRevocation.objects.all().delete()
    Award.objects.all().delete()
    AwardCycle.objects.all().delete()
