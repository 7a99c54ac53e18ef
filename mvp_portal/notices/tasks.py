from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=7,
)
def send_notice(self, notice_id: int) -> str:
    """Send one notice from the outbox; a no-op if another worker has it."""
    return services.notice_send(notice_id)


@shared_task
def dispatch_notices(notice_ids: list[int]) -> int:
    """A batch handed over by ``services.notices_dispatch``: one ``send_notice`` per notice."""
    for notice_id in notice_ids:
        services.notice_dispatch(notice_id)
    return len(notice_ids)


@shared_task
def sweep_notices() -> int:
    """Re-dispatch queued notices the broker may have lost, and abandoned ones."""
    ids = services.notices_due_for_dispatch(now=timezone.now())
    for notice_id in ids:
        send_notice.delay(notice_id)
    return len(ids)
