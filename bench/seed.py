"""The benchmark's data beyond ``seed_demo --mvps N`` (``BENCH_MVPS``, 4,000 by default).

Run by ``bench/run.py`` as ``python -m bench.seed`` with the bench settings,
after ``seed_demo --mvps N --reset``. Its sizes follow ``BENCH_MVPS`` (N):

1. The cycle at scale the issue asks for: N/4 *submitted* dossiers (1,000 at
   4,000 MVPs, 10,000 at 40,000) for the demo's open award date
   (``next_open_award_date(today)``, the date of the demo's own new dossiers),
   about 200 activities each (~200,000 at 4,000 MVPs, ~2,000,000 at 40,000).
   Owners are new people (``bench-NNNNN@bench.example``; unique per (owner,
   award date) without touching the demo's people), about a tenth in the demo
   lead's region (IE, GB) so that the lead's queue holds a tenth of them.
   Four in five are *new* dossiers, each with its claimed ``Nomination`` (a
   check constraint requires one); the rest are renewals. A few of them are
   *under evaluation*, assigned to the demo employee (the evaluation form's
   page), and a few more people have a *draft* dossier of ~200 activities
   (the nominee's dossier page and its editor).
2. An announcement at N awards: a past cycle (``ANNOUNCE_DATE``, before the
   demo's history) with N *decided* dossiers of existing people, each with a
   ``Decision`` (verdict award). ``bench/announce.py`` announces it. Its
   awards (if announced) end in the past, so the directory does not change.

Rows go in with ``bulk_create`` in batches, and the activities — the bulk of
it — with PostgreSQL ``COPY`` in chunks of ``COPY_ROWS`` (never all in memory).
Then ``ANALYZE`` (PostgreSQL), so that the pages are measured with planner
statistics, as in production after autovacuum. Prints one JSON line: the
counts of the database after seeding and the seconds of each part.
"""

import io
import json
import os
import random
import time
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

import django

MVPS = int(os.environ.get("BENCH_MVPS", "4000"))
DOSSIERS = max(MVPS // 4, 20)
ACTIVITIES_PER_DOSSIER = 200
ANNOUNCE_AWARDS = MVPS
ANNOUNCE_DATE = date(2017, 10, 1)
DRAFTS = 10  # people with a draft dossier of ~200 activities: the nominee's own pages
EVALUATING = 10  # submitted dossiers moved under evaluation, assigned to the demo employee
EVALUATOR = "employee@mvp.example"
COPY_ROWS = 50_000
BENCH_DOMAIN = "bench.example"
BATCH = 5000
NEW_SHARE = 0.8
HOME_SHARE = 0.1


def copy_rows(model, rows: Iterable[dict]) -> int:
    """Insert ``rows`` (dicts of field attname → value; other fields take their
    default, ``auto_now`` fields now) with PostgreSQL ``COPY … FROM STDIN``, in
    chunks of ``COPY_ROWS``: the rows are generated as they are written, never
    all held. Elsewhere, ``bulk_create`` in batches. Returns how many."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {
        f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        for f in fields
    }
    if connection.vendor != "postgresql":
        objects = (model(**(defaults | row)) for row in rows)
        count = 0
        while batch := [o for _, o in zip(range(BATCH), objects, strict=False)]:
            model.objects.bulk_create(batch)
            count += len(batch)
        return count

    def text(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, dict | list):
            value = json.dumps(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")

    names = [f.attname for f in fields]
    sql = f"COPY {model._meta.db_table} ({', '.join(f.column for f in fields)}) FROM STDIN"
    count = 0
    buffer, lines = io.StringIO(), 0
    with connection.cursor() as cursor:
        for row in rows:
            values = defaults | row
            buffer.write("\t".join(text(values[name]) for name in names) + "\n")
            lines += 1
            if lines == COPY_ROWS:
                buffer.seek(0)
                cursor.cursor.copy_expert(sql, buffer)
                count, buffer, lines = count + lines, io.StringIO(), 0
        if lines:
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
            count += lines
    return count


def _people(rng: random.Random, countries: list[str], count: int, prefix: str = "bench"):
    from django.contrib.auth.hashers import make_password

    from mvp_portal.accounts.models import User

    password = make_password(None)  # unusable: nobody signs in as them
    users = [
        User(
            email=f"{prefix}-{n:04d}@{BENCH_DOMAIN}",
            display_name=f"{prefix.title()} Person {n:04d}",
            country=rng.choice(["IE", "GB"]) if rng.random() < HOME_SHARE else rng.choice(countries),
            headline="Community contributor",
            password=password,
        )
        for n in range(count)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def _activities(rng: random.Random, dossiers, types: dict, today: date):
    """About ``ACTIVITIES_PER_DOSSIER`` activities per dossier, as rows for ``copy_rows``."""
    from nominations.demo import TITLES
    from nominations.models import Activity

    slugs = list(types)
    for dossier in dossiers:
        name = dossier.expertise.name
        days = (dossier.period_end - dossier.period_start).days
        for n in range(ACTIVITIES_PER_DOSSIER + rng.randint(-20, 20)):
            activity_type = types[rng.choice(slugs)]
            started_on = dossier.period_start + timedelta(days=rng.randint(0, days))
            yield {
                "dossier_id": dossier.pk,
                "activity_type_id": activity_type.pk,
                "title": f"{rng.choice(TITLES[activity_type.slug]).format(x=name)} #{n + 1}",
                "started_on": started_on,
                "ended_on": min(started_on + timedelta(days=rng.randint(30, 200)), today)
                if activity_type.spans_dates
                else None,
                "url": f"https://community.example/{dossier.owner_id}/{n + 1}",
                "description": "Shared with the community, unpaid.",
                "quantity": rng.randint(1, 12),
                "second_quantity": rng.randint(10, 400) if activity_type.second_quantity_label else None,
                "reach": rng.randint(20, 20000) if activity_type.reach_label else None,
                "visibility": Activity.Visibility.PRIVATE if rng.random() < 0.1 else Activity.Visibility.PUBLIC,
                "is_paid": False,
            }


def seed_cycle(rng: random.Random, today: date) -> dict:
    """``DOSSIERS`` submitted dossiers with ~200 activities each for the open award
    date (a few under evaluation), and ``DRAFTS`` draft dossiers of the same size."""
    from django.utils import timezone

    from evaluations.models import Assignment
    from mvp_portal import program_calendar as cal
    from mvp_portal.accounts.models import Expertise, User
    from nominations.demo import TITLES
    from nominations.models import Activity, ActivityType, Dossier, DossierLogEntry, Nomination

    timings = {}
    started = time.monotonic()
    award_date = cal.next_open_award_date(today)
    period_start, period_end = cal.add_months(today, -12) + timedelta(days=1), today
    now = timezone.now()
    countries = sorted({str(c) for c in User.objects.exclude(country="").values_list("country", flat=True)})
    expertises = list(Expertise.objects.filter(is_active=True))
    types = {t.slug: t for t in ActivityType.objects.filter(slug__in=list(TITLES))}
    nominators = list(User.objects.filter(email__endswith="@mvp.example").order_by("pk")[:200])

    people = _people(rng, countries, DOSSIERS + DRAFTS)
    drafting = {person.pk for person in people[DOSSIERS:]}
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
                state=Dossier.State.DRAFT if person.pk in drafting else Dossier.State.SUBMITTED,
                nomination=nomination_of.get(person.pk),
                expertise=expertise,
                country=person.country,
                award_date=award_date,
                period_start=period_start,
                period_end=period_end,
                submitted_at=None if person.pk in drafting else now - timedelta(days=rng.randint(1, 20)),
            )
            for person, kind, expertise in zip(people, kinds, expertise_of, strict=True)
        ],
        batch_size=BATCH,
    )
    timings["people_and_dossiers"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    activities = copy_rows(Activity, _activities(rng, dossiers, types, today))
    timings["activities"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    submitted = [d for d in dossiers if d.state == Dossier.State.SUBMITTED]
    log = [DossierLogEntry(dossier=d, actor_id=d.owner_id, action="submitted") for d in submitted]
    DossierLogEntry.objects.bulk_create(log, batch_size=BATCH)
    # A few under evaluation, assigned to the demo employee: the evaluation form at scale.
    evaluator = User.objects.filter(email=EVALUATOR).first()
    lead = User.objects.filter(email="lead@mvp.example").first()
    evaluating = [d.pk for d in submitted if d.owner.country not in ("IE", "GB")][:EVALUATING] if evaluator else []
    if evaluating:
        Dossier.objects.filter(pk__in=evaluating).update(state=Dossier.State.UNDER_EVALUATION)
        Assignment.objects.bulk_create(
            [
                Assignment(dossier_id=pk, evaluator=evaluator, assigned_by=lead or evaluator, batch=uuid.uuid4())
                for pk in evaluating
            ]
        )
    timings["log_and_assignments"] = round(time.monotonic() - started, 1)
    return {
        "award_date": award_date.isoformat(),
        "dossiers": len(submitted),
        "drafts": len(dossiers) - len(submitted),
        "under_evaluation": len(evaluating),
        "activities": activities,
        "seconds": timings,
    }


def seed_announcement(rng: random.Random) -> dict:
    """A past cycle with ``ANNOUNCE_AWARDS`` decided dossiers (verdict award), ready to announce."""
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
                country=owner.country,
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
            step = time.monotonic()
            result["announcement"] = seed_announcement(rng)
            result["announcement"]["seconds"] = round(time.monotonic() - step, 1)
    step = time.monotonic()
    if connection.vendor == "postgresql":
        # Planner statistics for the freshly bulk-inserted tables, as autovacuum's
        # analyze would give them a minute later (it had not run before the pages were
        # measured: estimates of 50 rows for 1,027 led to on-disk sorts).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["analyze_seconds"] = round(time.monotonic() - step, 1)
    result["mvps"] = MVPS
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
    handed_in = apps.get_model("nominations.Dossier").objects.filter(state__in=("submitted", "under_evaluation"))
    result["submitted_dossiers"] = handed_in.count()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
