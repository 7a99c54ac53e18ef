"""Concurrency against PostgreSQL: two scans, two announcements, at once.

Exactly-once comes from database constraints and row locks, not timing:
each test starts two threads at a barrier and checks there are no duplicates.
"""

import threading
from datetime import date

from django.db import connection

from awards import services
from awards.models import Award
from evaluations.models import Decision
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from tests.awards.conftest import bulk_awards
from tests.factories import AwardCycleFactory


def run_together(target, *, threads: int = 2) -> list:
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert not errors, errors
    return results


def test_two_scans_at_once_open_each_renewal_once(transactional_db, postgres, lead, expertise):
    awards = bulk_awards(300, starts_on=date(2026, 1, 1), expertise=expertise)
    opened = run_together(lambda: services.renewals_open(today=date(2026, 10, 1)))
    assert sum(opened) == 300
    assert Dossier.objects.count() == 300
    assert Award.objects.filter(renewal_dossier__isnull=False).count() == 300
    assert Notice.objects.filter(key__startswith="awards:renewal-opened:").count() == 600
    assert Notice.objects.values("key").distinct().count() == Notice.objects.count()
    assert {a.pk for a in awards} == {int(k.split(":")[2]) for k in Notice.objects.values_list("key", flat=True)}


def test_two_admins_announcing_at_once_produce_one_set_of_awards(transactional_db, postgres, program_admin, expertise):
    cycle = AwardCycleFactory(award_date=date(2027, 1, 1))
    bulk_awards(200, starts_on=date(2026, 1, 1), expertise=expertise)
    services.renewals_open(today=date(2026, 10, 1))
    Dossier.objects.update(state=Dossier.State.DECIDED)
    Decision.objects.bulk_create(
        [
            Decision(dossier_id=pk, verdict="award" if pk % 3 else "decline", rationale="ok", decided_by=program_admin)
            for pk in Dossier.objects.values_list("pk", flat=True)
        ]
    )
    Notice.objects.all().delete()

    def press_announce():
        claimed = services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=date(2027, 1, 1))
        services.cycle_announce(cycle_id=cycle.pk, today=date(2027, 1, 1))  # and a duplicate delivery of the task
        return claimed

    claims = run_together(press_announce)
    assert sorted(claims) == [False, True]
    awarded = Decision.objects.filter(verdict="award").count()
    assert Award.objects.filter(cycle=cycle).count() == awarded
    assert Notice.objects.count() == 200 and Notice.objects.values("key").distinct().count() == 200
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCED
