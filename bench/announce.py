"""Time the announcement of a cycle at 4,000 awards.

Run by ``bench/run.py`` as ``python -m bench.announce`` after ``bench/seed.py``
made the past cycle ``ANNOUNCE_DATE`` with 4,000 decided dossiers (verdict
award). Does what an admin pressing Announce does: ``cycle_announce_request``
(claims the cycle; its after-commit ``announce_cycle.delay`` goes to the
bench's in-memory broker, where nothing consumes it), then ``cycle_announce``
— the announcing task's body — called directly, in this process, as the task
would. Prints one JSON line: the seconds of each step and what was written.
"""

import json
import time

import django


def main() -> None:
    django.setup()
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
    notices_before = Notice.objects.count()

    started = time.monotonic()
    claimed = services.cycle_announce_request(cycle_id=cycle.pk, actor=admin, today=program_today())
    requested = time.monotonic() - started

    started = time.monotonic()
    announced = services.cycle_announce(cycle_id=cycle.pk, today=program_today())
    seconds = time.monotonic() - started

    cycle.refresh_from_db()
    print(
        json.dumps(
            {
                "cycle": ANNOUNCE_DATE.isoformat(),
                "claimed": claimed,
                "request_seconds": round(requested, 2),
                "seconds": round(seconds, 2),
                "announced": announced,
                "awards": Award.objects.filter(cycle=cycle).count(),
                "notices": Notice.objects.count() - notices_before,
                "frozen_decisions": Decision.objects.filter(
                    dossier__award_date=ANNOUNCE_DATE, announced_at__isnull=False
                ).count(),
                "state": cycle.state,
                "progress": f"{cycle.progress_done}/{cycle.progress_total}",
            }
        )
    )


if __name__ == "__main__":
    main()
