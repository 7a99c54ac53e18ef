"""Reads about long jobs: how far a job got, and whether it has stalled."""

from datetime import datetime

from django.conf import settings

from .models import Job


def job_get(*, kind: str, ref: str | int) -> Job | None:
    return Job.objects.filter(kind=kind, ref=str(ref)).first()


def stalled_before(now: datetime) -> datetime:
    """A running job whose heartbeat is older than this has stalled (``JOB_STALL_AFTER``)."""
    return now - settings.JOB_STALL_AFTER


def jobs_stalled(*, now: datetime):
    """Running jobs that have not moved within ``JOB_STALL_AFTER``."""
    return Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=stalled_before(now))


def job_is_stalled(job: Job, *, now: datetime) -> bool:
    """Stalled now, or dispatched again after a stall and not moved since."""
    return job.state == Job.State.RUNNING and (job.stalled_since is not None or job.heartbeat_at < stalled_before(now))


def job_stalled_since(job: Job, *, now: datetime) -> datetime | None:
    """When a stalled job last moved (its first stall, across resumes), else None."""
    if not job_is_stalled(job, now=now):
        return None
    return job.stalled_since or job.heartbeat_at
