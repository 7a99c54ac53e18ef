"""The outbox through a real Celery worker, a real Redis and a real SMTP server."""

import time

import pytest
from django.db import transaction

from mvp_portal.notices import services
from mvp_portal.notices.models import Notice
from mvp_portal.notices.tasks import sweep_notices
from tests.support.worker import broker_unreachable

pytestmark = pytest.mark.services


def enqueue(key: str, number: int) -> Notice:
    return services.notice_enqueue(
        key=key, to="nominee@example.org", template="notices/emails/test", context={"number": number}
    )


def test_outbox_through_a_real_worker_and_redis(live_celery, smtp_server):
    live_celery("worker", NOTICE_REDISPATCH_SECONDS="0")

    # Sent once although enqueued twice with one key.
    with transaction.atomic():
        enqueue("once", 1)
        enqueue("once", 1)
    smtp_server.inbox.wait_for(lambda m: m["Subject"] == "Test notice 1")

    # Rolled back: never sent.
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("rolled-back", 2)
        raise RuntimeError("abort")

    # Queued while the broker is unreachable: the dispatch fails quietly and
    # the row waits in the outbox...
    with broker_unreachable(), transaction.atomic():
        waiting = enqueue("broker-was-down", 3)
    assert Notice.objects.get(pk=waiting.pk).state == Notice.State.QUEUED

    # ...until the sweeper, run by the worker once the broker is back, sends it.
    sweep_notices.delay()
    smtp_server.inbox.wait_for(lambda m: m["Subject"] == "Test notice 3")

    assert sorted(smtp_server.inbox.subjects()) == ["Test notice 1", "Test notice 3"]
    # The worker marks the row sent just after the SMTP server accepted the mail.
    expected = {("once", "sent"), ("broker-was-down", "sent")}
    deadline = time.monotonic() + 10
    while set(Notice.objects.values_list("key", "state")) != expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert set(Notice.objects.values_list("key", "state")) == expected
