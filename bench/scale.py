"""Time the two batch jobs at scale: the daily run and the announcement.

Run by ``bench/run.py`` as ``python -m bench.scale`` (the bench environment:
``bench.settings``, the bench database) after ``bench/seed.py``; or alone,
``python bench/run.py --jobs-only``, which first restores the database from the
snapshot taken after seeding, so that the jobs find the same work again.

1. The daily run (``awards_daily``, what ``send_renewal_notices`` and the beat
   task run) as of the next quarter day, when the renewal window of a quarter
   of the MVPs opens: each step timed, the queries counted.
2. The announcement of the past cycle ``bench/seed.py`` made (one decision per
   MVP): ``cycle_announce_request`` (the claim) then ``cycle_announce`` (the
   announcing task's body), as ``bench/announce.py`` does; the queries counted.

Work queued after commit goes to the bench's in-memory broker (nothing consumes
it), so the notices' hand-over to the broker is timed too. ``--profile`` adds
the top functions of each job by cumulative time (cProfile). Prints one JSON line.
"""

import cProfile
import io
import json
import pstats
import sys
import time
from datetime import date

import django


def next_quarter_day(today: date) -> date:
    for month in (1, 4, 7, 10):
        if date(today.year, month, 1) > today:
            return date(today.year, month, 1)
    return date(today.year + 1, 1, 1)


class Queries:
    """Counts the statements a block runs (an execute wrapper: nothing kept but the count)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _top(profile: cProfile.Profile, limit: int = 25) -> str:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def daily_run(*, today: date, profile: bool) -> dict:
    from django.db import connection

    from awards import services
    from mvp_portal.notices.models import Notice
    from nominations.models import Dossier

    steps: dict[str, float] = {}
    names = [
        "cycles_ensure",
        "cycles_advance",
        "renewals_open",
        "renewal_reminders_send",
        "announcements_resume",
        "security_events_purge",
        "alumni_credentials_issue",
        "daily_jobs_run",
    ]
    originals = {name: getattr(services, name) for name in names}

    def timed(name, function):
        def step(**kwargs):
            started = time.monotonic()
            try:
                return function(**kwargs)
            finally:
                steps[name] = round(time.monotonic() - started, 2)

        return step

    for name, function in originals.items():
        setattr(services, name, timed(name, function))
    notices, renewals = Notice.objects.count(), Dossier.objects.filter(kind="renewal").count()
    queries, profiler = Queries(), cProfile.Profile() if profile else None
    try:
        with connection.execute_wrapper(queries):
            started = time.monotonic()
            if profiler:
                profiler.enable()
            run = services.awards_daily(today=today)
            if profiler:
                profiler.disable()
            seconds = time.monotonic() - started
    finally:
        for name, function in originals.items():
            setattr(services, name, function)
    result = {
        "what": f"daily run as of {today}",
        "seconds": round(seconds, 2),
        "queries": queries.count,
        "steps": steps,
        "renewals_opened": run.renewals_opened,
        "renewal_dossiers": Dossier.objects.filter(kind="renewal").count() - renewals,
        "notices": Notice.objects.count() - notices,
        "output": str(run),
    }
    if profiler:
        result["profile"] = _top(profiler)
    return result


def announcement(*, profile: bool) -> dict:
    from django.db import connection

    from awards import services
    from awards.models import Award
    from bench.seed import ANNOUNCE_DATE
    from evaluations.models import Decision
    from mvp_portal.accounts.models import User
    from mvp_portal.cycles.models import AwardCycle
    from mvp_portal.notices.models import Notice
    from mvp_portal.program_calendar import program_today

    cycle = AwardCycle.objects.get(award_date=ANNOUNCE_DATE)
    admin = User.objects.get(email="admin@mvp.example")
    notices = Notice.objects.count()
    queries, profiler = Queries(), cProfile.Profile() if profile else None
    with connection.execute_wrapper(queries):
        started = time.monotonic()
        claimed = services.cycle_announce_request(cycle_id=cycle.pk, actor=admin, today=program_today())
        requested = time.monotonic() - started
        started = time.monotonic()
        if profiler:
            profiler.enable()
        announced = services.cycle_announce(cycle_id=cycle.pk, today=program_today())
        if profiler:
            profiler.disable()
        seconds = time.monotonic() - started
    cycle.refresh_from_db()
    awards = Award.objects.filter(cycle=cycle).count()
    result = {
        "what": f"announcement of the {ANNOUNCE_DATE} cycle: {announced} decisions → {awards} awards",
        "claimed": claimed,
        "request_seconds": round(requested, 2),
        "seconds": round(seconds, 2),
        "queries": queries.count,
        "announced": announced,
        "awards": awards,
        "notices": Notice.objects.count() - notices,
        "frozen_decisions": Decision.objects.filter(
            dossier__award_date=ANNOUNCE_DATE, announced_at__isnull=False
        ).count(),
        "state": cycle.state,
        "progress": f"{cycle.progress_done}/{cycle.progress_total}",
    }
    if profiler:
        result["profile"] = _top(profiler)
    return result


def main() -> None:
    django.setup()
    from mvp_portal.program_calendar import program_today

    profile = "--profile" in sys.argv
    day = next_quarter_day(program_today())
    result = {"daily_run": daily_run(today=day, profile=profile), "announcement": announcement(profile=profile)}
    if profile:
        for job in result.values():
            print(job.pop("profile"), file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
