"""The daily renewal run scheduled by a real Celery beat, executed by a real
worker through Redis, its re-evaluation notice delivered to an SMTP server."""

import importlib
import time

import pytest
from django.apps import apps
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from awards.models import Award
from mvp_portal.notices.models import Notice
from nominations.models import Dossier

pytestmark = pytest.mark.services


def test_beat_schedules_the_renewal_run_and_the_notice_arrives(live_celery, smtp_server, mvp, lead):
    award = mvp.awards.get()  # granted 2026-10-01: its window opens 2027-07-01
    # Transactional tests flush the tables, data migrations included: schedule again.
    importlib.import_module("awards.migrations.0003_daily_schedule").schedule(apps, None)
    task = PeriodicTask.objects.get(task="awards.tasks.awards_daily")
    assert task.crontab.hour == "5" and str(task.crontab.timezone) == "UTC"
    # Make it due now: every two seconds, for the first day of the window.
    task.crontab = None
    task.interval = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    task.kwargs = '{"date_iso": "2027-07-01"}'
    task.save()

    live_celery("worker", NOTICE_REDISPATCH_SECONDS="0")
    live_celery("beat")

    to_mvp = smtp_server.inbox.wait_for(lambda m: m["To"] == mvp.email, timeout=60)
    to_lead = smtp_server.inbox.wait_for(lambda m: m["To"] == lead.email, timeout=30)
    assert "renewal" in str(to_mvp[0]["Subject"]).lower()
    assert "Renewal window open" in str(to_lead[0]["Subject"])
    # Beat keeps firing every two seconds: still one dossier and one notice each.
    time.sleep(6)
    assert Dossier.objects.filter(owner=mvp, kind="renewal").count() == 1
    assert Award.objects.get(pk=award.pk).renewal_dossier is not None
    assert Notice.objects.filter(key__startswith=f"awards:renewal-opened:{award.pk}:").count() == 2
    assert len([m for m in smtp_server.inbox.messages if m["To"] == mvp.email]) == 1
