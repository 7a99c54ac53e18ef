"""Celery tasks of the sources: thin, ids in, one service each.

``sources_sync_due`` is on the beat schedule (every 15 minutes, in the
database: migration 0005). Each connection is synced once a day; a failing one
is retried after 1 h, 2 h, 4 h … (at most a day), so the schedule looks often
for connections that are due, and the connections themselves say when.
"""

from celery import shared_task
from django.utils import timezone

from mvp_portal.program_calendar import program_today

from . import services


@shared_task(acks_late=True)
def source_sync(connection_id: int, resumed: bool = False) -> str:
    """Sync one connection; quietly nothing when it is gone or already being
    synced. ``resumed``: dispatched again by the job sweeper after a stall."""
    now = timezone.now()
    return services.source_sync(connection_id=connection_id, now=now, today=program_today(now), resumed=resumed).status


@shared_task
def sources_sync_due() -> int:
    """Hand every connection that is due to a worker (each one once)."""
    ids = services.sources_claim_due(now=timezone.now())
    for connection_id in ids:
        source_sync.delay(connection_id)
    return len(ids)
