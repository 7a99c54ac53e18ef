"""Every write about long jobs: start, advance, finish, and resume the stalled.

Apps report their long work here (``job_start`` / ``job_advance`` per chunk /
``job_finish``) and register, in ``AppConfig.ready``, how a job of their kind
is dispatched again (``job_resumer_register``). The sweeper
(``jobs_resume_stalled``, every minute) and an admin pressing the button again
both go through ``job_resume_if_stalled``: a compare-and-set on the heartbeat,
so one of them wins and the job is dispatched once per stall.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Job
from .selectors import jobs_stalled

logger = logging.getLogger(__name__)

_RESUMERS: dict[str, Callable[[str], None]] = {}
# The jobs this code runs inside of (``job_enclosing``): a step that is a job of its own moves them too.
_ENCLOSING: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("jobs_enclosing", default=())


def job_resumer_register(kind: str, resume: Callable[[str], None]) -> None:
    """``resume(ref)`` dispatches the job again (enqueues its task). It must be
    safe to run while an earlier run of it is still going: the sweeper cannot
    tell a dead worker from one stuck for longer than ``JOB_STALL_AFTER``."""
    _RESUMERS[kind] = resume


def job_start(*, kind: str, ref: str | int, label: str, total: int = 0) -> None:
    """Record that a job starts. Starting a job that is running (a resumed run
    of it) continues its row: done and the count of resumes are kept. Two
    statements, no transaction of its own (an upsert on the unique work)."""
    now = timezone.now()
    ref = str(ref)
    continued = Job.objects.filter(kind=kind, ref=ref, state=Job.State.RUNNING).update(
        label=label, total=total, heartbeat_at=now, stalled_since=None
    )
    if continued:
        return
    fresh = Job(kind=kind, ref=ref, label=label, total=total, heartbeat_at=now, started_at=now)
    Job.objects.bulk_create(
        [fresh],
        update_conflicts=True,
        unique_fields=["kind", "ref"],
        update_fields=[
            "label",
            "state",
            "done",
            "total",
            "heartbeat_at",
            "started_at",
            "finished_at",
            "resumed_at",
            "stalled_since",
            "resumes",
            "last_error",
        ],
    )


def job_advance(*, kind: str, ref: str | int, done: int | None = None, total: int | None = None) -> None:
    """The job moved: ``done`` of ``total`` (each unchanged if None); its heartbeat
    is now. Call it in the transaction that commits the chunk, so progress never
    runs ahead of the work."""
    changes = {"heartbeat_at": timezone.now(), "stalled_since": None, "state": Job.State.RUNNING}
    if done is not None:
        changes["done"] = done
    if total is not None:
        changes["total"] = total
    Job.objects.filter(kind=kind, ref=str(ref)).exclude(state=Job.State.DONE).update(**changes)
    _beat_enclosing(skip=(kind, str(ref)), now=changes["heartbeat_at"])


@contextmanager
def job_enclosing(*, kind: str, ref: str | int) -> Iterator[None]:
    """Within it, any job that moves moves this one's heartbeat too. A long
    step of a run (the account deletions of the daily run) reports its own
    progress; without this the run itself would look stalled during the step
    and be dispatched a second time while it is still going."""
    token = _ENCLOSING.set((*_ENCLOSING.get(), (kind, str(ref))))
    try:
        yield
    finally:
        _ENCLOSING.reset(token)


def jobs_heartbeat() -> None:
    """The jobs this code runs inside of (``job_enclosing``) are alive: their
    heartbeat is now. For a long step that reports no progress of its own (the
    daily run's renewal scan), after each chunk it commits. Nothing outside a job."""
    _beat_enclosing(skip=("", ""), now=timezone.now())


def _beat_enclosing(*, skip: tuple[str, str], now: datetime) -> None:
    for kind, ref in _ENCLOSING.get():
        if (kind, ref) != skip:
            Job.objects.filter(kind=kind, ref=ref, state=Job.State.RUNNING).update(heartbeat_at=now, stalled_since=None)


def job_finish(*, kind: str, ref: str | int, done: int | None = None) -> None:
    now = timezone.now()
    changes = {"state": Job.State.DONE, "finished_at": now, "heartbeat_at": now, "stalled_since": None}
    if done is not None:
        changes |= {"done": done, "total": done}
    Job.objects.filter(kind=kind, ref=str(ref)).update(**changes)


def job_error(*, kind: str, ref: str | int, error: BaseException | str) -> None:
    """Note why a run broke off; the job stays running, so the sweeper resumes it."""
    text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    Job.objects.filter(kind=kind, ref=str(ref)).update(last_error=text[:2000])


@transaction.atomic
def job_resume_if_stalled(*, job: Job, now: datetime | None = None, revive: bool = False) -> bool:
    """Dispatch a stalled job again, after commit; False when it is not stalled,
    someone else resumed it first, or nothing is registered for its kind.

    The heartbeat moves to now, so the new run has ``JOB_STALL_AFTER`` to show
    it is alive; ``stalled_since`` keeps when the job last moved. After
    ``JOB_MAX_RESUMES`` the job is marked failed instead and left to people:
    a person restarting it (``revive``) gives it a fresh count of resumes.
    """
    now = now or timezone.now()
    resume = _RESUMERS.get(job.kind)
    revived = revive and job.state == Job.State.FAILED
    if resume is None or job.state == Job.State.DONE:
        return False
    if not revived and (job.state != Job.State.RUNNING or job.heartbeat_at >= now - settings.JOB_STALL_AFTER):
        return False
    same = Job.objects.filter(pk=job.pk, state=job.state, heartbeat_at=job.heartbeat_at)
    if not revived and job.resumes >= settings.JOB_MAX_RESUMES:
        same.update(
            state=Job.State.FAILED,
            finished_at=now,
            last_error=f"Gave up after {job.resumes} resumes. " + job.last_error,
        )
        logger.error("Job %s %s gave up after %s resumes", job.kind, job.ref, job.resumes)
        return False
    claimed = same.update(
        state=Job.State.RUNNING,
        finished_at=None,
        heartbeat_at=now,
        stalled_since=Coalesce(F("stalled_since"), F("heartbeat_at")),
        resumed_at=now,
        resumes=1 if revived else F("resumes") + 1,
    )
    if claimed != 1:
        return False
    logger.warning("Job %s %s stalled since %s: dispatched again", job.kind, job.ref, job.heartbeat_at)
    kind, ref = job.kind, job.ref
    transaction.on_commit(lambda: _dispatch(kind, ref))
    return True


def _dispatch(kind: str, ref: str) -> None:
    try:
        _RESUMERS[kind](ref)
    except Exception:  # the broker is down: the job stalls again and the next sweep retries
        logger.warning("Could not dispatch job %s %s; the sweeper will retry", kind, ref, exc_info=True)


def worker_stopping() -> bool:
    """True once the Celery worker running this code was asked to stop (SIGTERM:
    warm shutdown; the flag is set by its signal handler while a task runs).
    A long job then hands its work back between two chunks (``job_hand_back``)
    instead of holding the shutdown until it is killed."""
    from celery.worker import state

    # EX_OK is 0: the flags are None until set.
    return state.should_stop is not None or state.should_terminate is not None


def job_hand_back(*, kind: str, ref: str | int) -> None:
    """The worker stops: dispatch the rest of the job now (another worker, or
    this one once restarted, takes it from the broker), without waiting for the
    sweeper. Its run so far is committed; the heartbeat moves."""
    Job.objects.filter(kind=kind, ref=str(ref), state=Job.State.RUNNING).update(
        heartbeat_at=timezone.now(), resumed_at=timezone.now(), stalled_since=None
    )
    logger.info("Job %s %s handed back at worker shutdown", kind, ref)
    _dispatch(kind, str(ref))


def jobs_resume_stalled(*, now: datetime) -> int:
    """The sweeper's body: dispatch every stalled job again. Returns how many."""
    return sum(job_resume_if_stalled(job=job, now=now) for job in list(jobs_stalled(now=now)))
