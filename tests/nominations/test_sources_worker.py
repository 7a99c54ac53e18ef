"""The sources' Celery tasks through a real worker and Redis, against the local replay server."""

import time
from datetime import date, timedelta

import pytest
from django.utils import timezone

from nominations.models import SourceConnection, Suggestion
from nominations.sources.tasks import sources_sync_due
from tests.factories import DossierFactory, SourceConnectionFactory

pytestmark = pytest.mark.services


def test_the_due_task_hands_a_connection_to_a_worker_that_syncs_it(live_celery, replay_server, activity_types, nominee):
    # A dossier whose period starts early: the worker reads the real clock, and every post is in the period.
    DossierFactory(owner=nominee, period_start=date(2020, 1, 1))
    replay_server.add("/feed/", fixture="blog-rss.xml", content_type="application/rss+xml", etag='"w1"')
    due = SourceConnectionFactory(
        owner=nominee, identifier=replay_server.url("/feed/"), next_sync_at=timezone.now() - timedelta(minutes=1)
    )
    # The worker may fetch from loopback only: the replay server, nothing else.
    live_celery("worker", SOURCES_ONLY_LOOPBACK="1")

    sources_sync_due.delay()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not SourceConnection.objects.get(pk=due.pk).last_synced_at:
        time.sleep(0.3)
    due.refresh_from_db()
    assert due.last_synced_at is not None, "the worker did not sync the connection"
    assert (due.failures, due.last_error, due.syncing_since) == (0, "", None)
    assert due.next_sync_at - due.last_synced_at == timedelta(days=1)
    assert due.validators[due.identifier]["etag"] == '"w1"'
    assert Suggestion.objects.filter(owner=nominee, state=Suggestion.State.PENDING).count() == 4
    assert [r.path for r in replay_server.requests] == ["/feed/"]
