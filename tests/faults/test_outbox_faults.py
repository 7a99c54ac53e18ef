"""The outbox survives a killed worker and a Redis restart: every notice is
delivered, none lost; duplicates only for notices in flight at the kill."""

import time
from collections import Counter

import pytest
from django.db import transaction

from mvp_portal.notices import services
from mvp_portal.notices.models import Notice
from mvp_portal.notices.tasks import sweep_notices
from tests.conftest import _reset_producer_pool
from tests.faults.conftest import redis_start, redis_stop

pytestmark = pytest.mark.faults


def enqueue_batch(prefix: str, count: int) -> list[str]:
    keys = [f"{prefix}-{n:03d}" for n in range(count)]
    with transaction.atomic():
        for n, key in enumerate(keys):
            services.notice_enqueue(
                key=key, to=f"person{n}@example.org", template="notices/emails/test", context={"number": n}
            )
    return keys


def wait_all_sent(keys: list[str], inbox, *, sweep_every: float = 2.0, timeout: float = 120.0) -> int:
    """Run the sweeper now and then until every notice is sent; returns sweeps made."""
    deadline = time.monotonic() + timeout
    sweeps = 0
    while time.monotonic() < deadline:
        if Notice.objects.filter(key__in=keys, state=Notice.State.SENT).count() == len(keys):
            return sweeps
        sweep_notices.delay()
        sweeps += 1
        time.sleep(sweep_every)
    states = Counter(Notice.objects.filter(key__in=keys).values_list("state", flat=True))
    raise AssertionError(f"not all sent in {timeout}s: {states}; {len(inbox.keys())} messages received")


def test_worker_killed_mid_batch_loses_no_notice(live_celery, smtp_server, record_property):
    # Abandoned after 3 s; re-dispatched once 5 s have passed since its last hand-over.
    env = {"NOTICE_STUCK_SECONDS": "3", "NOTICE_REDISPATCH_SECONDS": "5"}
    first = live_celery("worker", **env)
    keys = enqueue_batch("kill", 50)

    deadline = time.monotonic() + 60
    while len(smtp_server.inbox.keys()) < 15:
        assert time.monotonic() < deadline, f"the worker sent only {len(smtp_server.inbox.keys())} in 60s"
        time.sleep(0.05)
    first.kill()  # SIGKILL, in the middle of the batch
    in_flight = Notice.objects.filter(key__in=keys, state=Notice.State.SENDING).count()
    received_at_kill = len(smtp_server.inbox.keys())
    assert received_at_kill < len(keys), "the kill came too late to prove anything"

    live_celery("worker", **env)
    time.sleep(3.5)  # past NOTICE_STUCK_SECONDS: the sweeper takes the abandoned notice back
    wait_all_sent(keys, smtp_server.inbox)

    received = Counter(smtp_server.inbox.keys())
    assert set(received) == set(keys), f"lost: {sorted(set(keys) - set(received))}"
    duplicates = sum(received.values()) - len(keys)
    record_property("duplicates", duplicates)
    record_property("in_flight_at_kill", in_flight)
    print(f"\nkill: {received_at_kill} received before the kill, {in_flight} in flight, {duplicates} duplicate(s)")
    assert duplicates <= in_flight, f"{duplicates} duplicates but only {in_flight} notice(s) were being sent"
    assert Notice.objects.filter(key__in=keys, state=Notice.State.SENT).count() == len(keys)


def test_redis_restart_with_notices_queued_loses_none(live_celery, smtp_server, record_property):
    env = {"NOTICE_STUCK_SECONDS": "5", "NOTICE_REDISPATCH_SECONDS": "1"}
    worker = live_celery("worker", **env)
    keys = enqueue_batch("redis", 40)
    stopped = time.monotonic()
    try:
        smtp_server.inbox.wait_for(lambda m: True)
        stopped = time.monotonic()
        redis_stop()  # queued tasks vanish with it (--save "")
        received_while_down = len(smtp_server.inbox.keys())
        time.sleep(1)
    finally:
        redis_start()
        downtime = time.monotonic() - stopped
        _reset_producer_pool()
    assert received_while_down < len(keys), "the restart came too late to prove anything"
    # The tasks still queued in Redis (all but the few sent) vanished with it.
    unsent_at_restart = len(keys) - received_while_down

    if worker.process.poll() is not None:  # a worker that gave up on the broker is replaced
        live_celery("worker", **env)
    wait_all_sent(keys, smtp_server.inbox)

    received = Counter(smtp_server.inbox.keys())
    assert set(received) == set(keys), f"lost: {sorted(set(keys) - set(received))}"
    duplicates = sum(received.values()) - len(keys)
    record_property("duplicates", duplicates)
    print(
        f"\nredis restart: {unsent_at_restart} notices unsent when Redis stopped, down {downtime:.1f}s; "
        f"all delivered after, {duplicates} duplicate(s)"
    )
    # No worker died: the claim (queued → sending by compare-and-set) lets each notice be sent once.
    assert duplicates == 0
