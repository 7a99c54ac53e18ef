"""The awards tasks and their place on the database schedule."""

import importlib
from datetime import date

from django.apps import apps
from django_celery_beat.models import PeriodicTask

from awards.tasks import announce_cycle, awards_daily
from mvp_portal.cycles.models import AwardCycle
from nominations.models import Dossier


def test_daily_run_is_on_the_database_schedule_at_0530_utc(db):
    importlib.import_module("awards.migrations.0003_daily_schedule").schedule(apps, None)  # idempotent
    task = PeriodicTask.objects.get(task="awards.tasks.awards_daily")
    assert task.enabled and task.interval is None
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("30", "5", "UTC")
    assert PeriodicTask.objects.filter(task="awards.tasks.awards_daily").count() == 1


def test_daily_task_runs_the_scan_for_the_given_date(db, mvp):
    result = awards_daily.delay(date_iso="2027-07-01").get()
    assert "1 renewal dossier(s) opened" in result
    assert Dossier.objects.filter(owner=mvp, kind="renewal", award_date=date(2027, 10, 1)).count() == 1


def test_announce_task_ignores_a_cycle_that_is_gone_or_not_claimed(db):
    assert announce_cycle.delay(999_999).get() == 0
    cycle = AwardCycle.objects.create(
        award_date=date(2027, 1, 1), submission_deadline=date(2026, 11, 20), evaluation_deadline=date(2026, 12, 25)
    )
    assert announce_cycle.delay(cycle.pk).get() == 0
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.OPEN
