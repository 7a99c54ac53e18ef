"""A source sync is a long job: it reports progress and a heartbeat, and the
job sweeper resumes one whose worker died, taking over the dead worker's claim."""

from datetime import timedelta

import pytest
from django.conf import settings

from mvp_portal.jobs import services as jobs
from mvp_portal.jobs.models import Job
from mvp_portal.jobs.selectors import job_get
from nominations.models import SourceConnection, Suggestion
from nominations.sources.services import SYNC_JOB
from nominations.sources.tasks import source_sync
from tests.factories import SourceConnectionFactory
from tests.support.sources import NOW, sync

pytestmark = pytest.mark.django_db

FEED = "/nico/feed/"


@pytest.fixture
def feed(replay_server, nominee, activity_types):
    replay_server.add(FEED, fixture="blog-rss.xml", content_type="application/rss+xml; charset=UTF-8")
    return SourceConnectionFactory(owner=nominee, identifier=replay_server.url(FEED))


def test_a_sync_is_a_job_that_finishes(feed):
    assert sync(feed).status == "synced"
    job = job_get(kind=SYNC_JOB, ref=feed.pk)
    assert (job.state, job.percent, job.finished_at) == (Job.State.DONE, 100, NOW.replace(hour=12, minute=0))


def test_a_failed_sync_is_recorded_and_its_job_is_done(feed, replay_server):
    replay_server.add(FEED, status=500)
    assert sync(feed).status == "failed"
    assert job_get(kind=SYNC_JOB, ref=feed.pk).state == Job.State.DONE  # the connection says why, not the job


def test_a_sync_whose_worker_died_is_resumed_and_takes_over_the_claim(feed, replay_server, monkeypatch):
    dispatched = []
    monkeypatch.setitem(jobs._RESUMERS, SYNC_JOB, lambda ref: dispatched.append(ref))
    # A worker claimed the connection and started its job, then died while fetching.
    SourceConnection.objects.filter(pk=feed.pk).update(syncing_since=NOW)
    jobs.job_start(kind=SYNC_JOB, ref=feed.pk, label="Sync", total=2)
    Job.objects.filter(kind=SYNC_JOB).update(heartbeat_at=NOW)
    later = NOW + settings.JOB_STALL_AFTER + timedelta(seconds=1)

    assert sync(feed, now=later).status == "busy"  # an ordinary sync waits ten minutes for the claim
    job = job_get(kind=SYNC_JOB, ref=feed.pk)
    assert jobs.job_resume_if_stalled(job=job, now=later)
    jobs._dispatch(SYNC_JOB, job.ref)
    assert dispatched == [str(feed.pk)]

    from nominations.sources.services import source_sync as sync_service

    outcome = sync_service(connection_id=feed.pk, now=later, today=later.date(), resumed=True)
    assert outcome.status == "synced"
    job.refresh_from_db()
    assert (job.state, job.resumes) == (Job.State.DONE, 1)
    found = Suggestion.objects.filter(owner=feed.owner).count()
    assert found > 0
    # Run once more (a duplicate dispatch): nothing is doubled.
    SourceConnection.objects.filter(pk=feed.pk).update(syncing_since=None, validators={})
    sync_service(connection_id=feed.pk, now=later, today=later.date(), resumed=True)
    assert Suggestion.objects.filter(owner=feed.owner).count() == found


def test_a_resumed_sync_leaves_a_live_claim_alone(feed):
    SourceConnection.objects.filter(pk=feed.pk).update(syncing_since=NOW - timedelta(seconds=30))
    from nominations.sources.services import source_sync as sync_service

    assert sync_service(connection_id=feed.pk, now=NOW, today=NOW.date(), resumed=True).status == "busy"


def test_the_resumer_dispatches_the_task_as_resumed(monkeypatch):
    sent = []
    monkeypatch.setattr(source_sync, "delay", lambda *args, **kwargs: sent.append((args, kwargs)))
    jobs._RESUMERS[SYNC_JOB]("12")
    assert sent == [((12,), {"resumed": True})]
