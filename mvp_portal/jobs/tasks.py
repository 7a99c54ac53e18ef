from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def sweep_jobs() -> int:
    """Every minute (beside the outbox sweeper): dispatch stalled jobs again."""
    return services.jobs_resume_stalled(now=timezone.now())
