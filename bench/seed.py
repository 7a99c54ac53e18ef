"""The benchmark's data beyond ``seed_demo --mvps 4000``.

Run by ``bench/run.py`` as ``python -m bench.seed`` with the bench settings,
after ``seed_demo --mvps 4000 --reset``. Adds, with ``bulk_create``:

1. The cycle at scale the issue asks for: 1,000 *submitted* dossiers for the
   demo's open award date (``next_open_award_date(today)``, the date of the
   demo's own new dossiers), about 200 activities each (~200,000 in all).
   Owners are 1,000 new people (``bench-NNNN@bench.example``; unique per
   (owner, award date) without touching the demo's people), about a tenth in
   the demo lead's region (IE, GB) so that the lead's queue holds ~100 of them.
   Four in five are *new* dossiers, each with its claimed ``Nomination`` (a
   check constraint requires one); the rest are renewals.
2. An announcement at 4,000 awards: a past cycle (``ANNOUNCE_DATE``, before
   the demo's history) with 4,000 *decided* dossiers of existing people, each
   with a ``Decision`` (verdict award). ``bench/announce.py`` announces it.
   Its awards (if announced) end in the past, so the directory does not change.

Then ``ANALYZE`` (PostgreSQL), so that the pages are measured with planner
statistics, as in production after autovacuum. Prints one JSON line: the
counts of the database after seeding.
"""

import json
import random
import time
from datetime import date, timedelta

import django

DOSSIERS = 1000
ACTIVITIES_PER_DOSSIER = 200
ANNOUNCE_AWARDS = 4000
ANNOUNCE_DATE = date(2017, 10, 1)
BENCH_DOMAIN = "bench.example"
BATCH = 5000
NEW_SHARE = 0.8
HOME_SHARE = 0.1


def _people(rng: random.Random, countries: list[str]):
    from django.contrib.auth.hashers import make_password

    from mvp_portal.accounts.models import User

    password = make_password(None)  # unusable: nobody signs in as them
    users = [
        User(
            email=f"bench-{n:04d}@{BENCH_DOMAIN}",
            display_name=f"Bench Person {n:04d}",
            country=rng.choice(["IE", "GB"]) if rng.random() < HOME_SHARE else rng.choice(countries),
            headline="Community contributor",
            password=password,
        )
        for n in range(DOSSIERS)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def seed_cycle(rng: random.Random, today: date) -> dict:
    """1,000 submitted dossiers with ~200 activities each, for the open award date."""
    from django.utils import timezone

    from mvp_portal import program_calendar as cal
    from mvp_portal.accounts.models import Expertise, User
    from nominations.demo import TITLES
    from nominations.models import Activity, ActivityType, Dossier, DossierLogEntry, Nomination

    award_date = cal.next_open_award_date(today)
    period_start, period_end = cal.add_months(today, -12) + timedelta(days=1), today
    days = (period_end - period_start).days
    now = timezone.now()
    countries = sorted({str(c) for c in User.objects.exclude(country="").values_list("country", flat=True)})
    expertises = list(Expertise.objects.filter(is_active=True))
    types = {t.slug: t for t in ActivityType.objects.filter(slug__in=list(TITLES))}
    slugs = list(types)
    nominators = list(User.objects.filter(email__endswith="@mvp.example").order_by("pk")[:200])

    people = _people(rng, countries)
    kinds = [Dossier.Kind.NEW if rng.random() < NEW_SHARE else Dossier.Kind.RENEWAL for _ in people]
    expertise_of = [rng.choice(expertises) for _ in people]
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                nominee_name=person.display_name,
                nominee_email=person.email,
                nominee_country=person.country,
                expertise=expertise,
                statement=f"{person.display_name} answers questions, writes and speaks about {expertise.name}.",
                nominator=rng.choice(nominators),
                nominee=person,
                state=Nomination.State.CLAIMED,
                invited_at=now - timedelta(days=60),
                claimed_at=now - timedelta(days=50),
            )
            for person, kind, expertise in zip(people, kinds, expertise_of, strict=True)
            if kind == Dossier.Kind.NEW
        ],
        batch_size=BATCH,
    )
    nomination_of = {n.nominee_id: n for n in nominations}
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(
                owner=person,
                kind=kind,
                state=Dossier.State.SUBMITTED,
                nomination=nomination_of.get(person.pk),
                expertise=expertise,
                award_date=award_date,
                period_start=period_start,
                period_end=period_end,
                submitted_at=now - timedelta(days=rng.randint(1, 20)),
            )
            for person, kind, expertise in zip(people, kinds, expertise_of, strict=True)
        ],
        batch_size=BATCH,
    )
    activities = []
    for dossier in dossiers:
        name = dossier.expertise.name
        for n in range(ACTIVITIES_PER_DOSSIER + rng.randint(-20, 20)):
            activity_type = types[rng.choice(slugs)]
            started_on = period_start + timedelta(days=rng.randint(0, days))
            activities.append(
                Activity(
                    dossier=dossier,
                    activity_type=activity_type,
                    title=f"{rng.choice(TITLES[activity_type.slug]).format(x=name)} #{n + 1}",
                    started_on=started_on,
                    ended_on=min(started_on + timedelta(days=rng.randint(30, 200)), today)
                    if activity_type.spans_dates
                    else None,
                    url=f"https://community.example/{dossier.owner_id}/{n + 1}",
                    description="Shared with the community, unpaid.",
                    quantity=rng.randint(1, 12),
                    second_quantity=rng.randint(10, 400) if activity_type.second_quantity_label else None,
                    reach=rng.randint(20, 20000) if activity_type.reach_label else None,
                    visibility=Activity.Visibility.PRIVATE if rng.random() < 0.1 else Activity.Visibility.PUBLIC,
                )
            )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    log = [DossierLogEntry(dossier=d, actor_id=d.owner_id, action="submitted") for d in dossiers]
    DossierLogEntry.objects.bulk_create(log, batch_size=BATCH)
    return {"award_date": award_date.isoformat(), "dossiers": len(dossiers), "activities": len(activities)}


def seed_announcement(rng: random.Random) -> dict:
    """A past cycle with 4,000 decided dossiers (verdict award), ready to announce."""
    from evaluations.models import Decision
    from mvp_portal import program_calendar as cal
    from mvp_portal.accounts.models import Expertise, User
    from mvp_portal.cycles.models import AwardCycle
    from nominations.models import Dossier, DossierLogEntry, Nomination

    admin = User.objects.get(email="admin@mvp.example")
    owners = list(User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").order_by("pk")[:ANNOUNCE_AWARDS])
    expertises = list(Expertise.objects.filter(is_active=True))
    cycle = AwardCycle.objects.create(
        award_date=ANNOUNCE_DATE,
        submission_deadline=ANNOUNCE_DATE - timedelta(days=60),
        evaluation_deadline=ANNOUNCE_DATE - timedelta(days=14),
        state=AwardCycle.State.EVALUATING,
    )
    period_start = cal.add_months(ANNOUNCE_DATE, -13)
    period_end = ANNOUNCE_DATE - timedelta(days=32)
    # Half new (with a nomination, closed since: it led to this dossier), half renewals.
    kinds = [Dossier.Kind.NEW if n % 2 else Dossier.Kind.RENEWAL for n in range(len(owners))]
    expertise_of = [rng.choice(expertises) for _ in owners]
    nominations = Nomination.objects.bulk_create(
        [
            Nomination(
                nominee_name=owner.display_name,
                nominee_email=owner.email.lower(),
                nominee_country=owner.country or "IE",
                expertise=expertise,
                statement="Nominated for the benchmark's past cycle.",
                nominator=admin,
                nominee=owner,
                state=Nomination.State.CLOSED,
                closed_reason="Decided",
            )
            for owner, kind, expertise in zip(owners, kinds, expertise_of, strict=True)
            if kind == Dossier.Kind.NEW
        ],
        batch_size=BATCH,
    )
    nomination_of = {n.nominee_id: n for n in nominations}
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(
                owner=owner,
                kind=kind,
                state=Dossier.State.DECIDED,
                nomination=nomination_of.get(owner.pk),
                expertise=expertise,
                award_date=ANNOUNCE_DATE,
                period_start=period_start,
                period_end=period_end,
            )
            for owner, kind, expertise in zip(owners, kinds, expertise_of, strict=True)
        ],
        batch_size=BATCH,
    )
    Decision.objects.bulk_create(
        [
            Decision(dossier=d, verdict=Decision.Verdict.AWARD, rationale="Evaluated.", decided_by=admin)
            for d in dossiers
        ],
        batch_size=BATCH,
    )
    DossierLogEntry.objects.bulk_create(
        [DossierLogEntry(dossier=d, actor=admin, action="decided", data={"verdict": "award"}) for d in dossiers],
        batch_size=BATCH,
    )
    return {"award_date": ANNOUNCE_DATE.isoformat(), "cycle_id": cycle.pk, "decisions": len(dossiers)}


def main() -> None:
    django.setup()
    from django.apps import apps
    from django.db import connection, transaction

    from mvp_portal.accounts.models import User
    from mvp_portal.program_calendar import program_today

    today = program_today()
    rng = random.Random(7)
    started = time.monotonic()
    result: dict = {}
    if User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").exists():
        result["already_seeded"] = True  # run after seed_demo --reset only
    else:
        with transaction.atomic():
            result["cycle"] = seed_cycle(rng, today)
            result["announcement"] = seed_announcement(rng)
    if connection.vendor == "postgresql":
        # Planner statistics for the freshly bulk-inserted tables, as autovacuum's
        # analyze would give them a minute later (it had not run before the pages were
        # measured: estimates of 50 rows for 1,027 led to on-disk sorts).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["seconds"] = round(time.monotonic() - started, 1)
    result["counts"] = {
        label: apps.get_model(label).objects.count()
        for label in (
            "accounts.User",
            "accounts.Expertise",
            "awards.Award",
            "nominations.Dossier",
            "nominations.Activity",
            "evaluations.Decision",
        )
    }
    result["submitted_dossiers"] = apps.get_model("nominations.Dossier").objects.filter(state="submitted").count()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
