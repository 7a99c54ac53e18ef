"""Long jobs: progress and heartbeat, the stall bound, and the sweeper that
dispatches a stalled job again exactly once per stall."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from mvp_portal.jobs import services
from mvp_portal.jobs.models import Job
from mvp_portal.jobs.selectors import job_get, job_is_stalled, job_stalled_since, jobs_stalled
from mvp_portal.jobs.tasks import sweep_jobs

KIND = "test-job"


@pytest.fixture
def dispatched():
    """A resumer for KIND that records what it was asked to run again."""
    calls: list[str] = []
    services.job_resumer_register(KIND, calls.append)
    yield calls
    services._RESUMERS.pop(KIND, None)


def start(total=10) -> Job:
    services.job_start(kind=KIND, ref=7, label="Counting to ten", total=total)
    return job_get(kind=KIND, ref=7)


def test_start_advance_finish_report_progress_and_heartbeat(db, clock):
    job = start()
    assert (job.state, job.done, job.total, job.percent) == (Job.State.RUNNING, 0, 10, 0)
    assert job.heartbeat_at == job.started_at == timezone.now()
    clock.move_to(timezone.now() + timedelta(seconds=30))
    services.job_advance(kind=KIND, ref=7, done=4)
    job.refresh_from_db()
    assert (job.done, job.percent, job.heartbeat_at) == (4, 40, timezone.now())
    services.job_finish(kind=KIND, ref=7)
    job.refresh_from_db()
    assert (job.state, job.percent, job.finished_at) == (Job.State.DONE, 100, timezone.now())


def test_a_job_is_stalled_once_its_heartbeat_is_older_than_the_bound(db, clock):
    assert timedelta(minutes=2) == settings.JOB_STALL_AFTER  # the stated bound
    job = start()
    clock.move_to(timezone.now() + timedelta(minutes=2))
    assert not job_is_stalled(job, now=timezone.now()) and not jobs_stalled(now=timezone.now()).exists()
    clock.move_to(timezone.now() + timedelta(seconds=1))
    assert job_is_stalled(job, now=timezone.now())
    assert job_stalled_since(job, now=timezone.now()) == job.heartbeat_at
    assert list(jobs_stalled(now=timezone.now())) == [job]
    services.job_finish(kind=KIND, ref=7)
    assert not jobs_stalled(now=timezone.now()).exists()  # a finished job never stalls


def test_sweeper_dispatches_a_stalled_job_once_per_stall(db, clock, dispatched, django_capture_on_commit_callbacks):
    job = start()
    stalled_at = job.heartbeat_at
    clock.move_to(timezone.now() + timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == 1
        assert sweep_jobs() == 0  # the heartbeat moved with the dispatch: not stalled again yet
    assert dispatched == ["7"]
    job.refresh_from_db()
    assert (job.resumes, job.resumed_at, job.stalled_since) == (1, timezone.now(), stalled_at)
    # Still shown as stalled (since its last move) until the new run moves it.
    assert job_stalled_since(job, now=timezone.now()) == stalled_at
    clock.move_to(timezone.now() + timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == 1
    job.refresh_from_db()
    assert (job.resumes, job.stalled_since) == (2, stalled_at)  # the first stall is kept
    services.job_advance(kind=KIND, ref=7, done=5)
    job.refresh_from_db()
    assert job.stalled_since is None and not job_is_stalled(job, now=timezone.now())


def test_a_job_moving_within_the_bound_is_left_alone(db, clock, dispatched, django_capture_on_commit_callbacks):
    start()
    for done in range(1, 6):
        clock.move_to(timezone.now() + timedelta(seconds=100))
        services.job_advance(kind=KIND, ref=7, done=done)
        with django_capture_on_commit_callbacks(execute=True):
            assert sweep_jobs() == 0
    assert dispatched == []


def test_two_sweepers_at_once_dispatch_once(db, clock, dispatched, django_capture_on_commit_callbacks):
    job = start()
    clock.move_to(timezone.now() + timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.job_resume_if_stalled(job=job)
        second = services.job_resume_if_stalled(job=job)  # read before the first moved the heartbeat
    assert (first, second) == (True, False)
    assert dispatched == ["7"]


def test_a_job_of_an_unknown_kind_is_not_touched(db, clock):
    job = start()
    clock.move_to(timezone.now() + timedelta(minutes=3))
    assert sweep_jobs() == 0
    job.refresh_from_db()
    assert job.resumes == 0 and job.state == Job.State.RUNNING


def test_after_max_resumes_the_job_is_failed_not_dispatched(db, clock, settings, dispatched):
    settings.JOB_MAX_RESUMES = 2
    job = start()
    for _ in range(3):
        clock.move_to(timezone.now() + timedelta(minutes=3))
        sweep_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.resumes == 2
    assert job.last_error.startswith("Gave up after 2 resumes")


def test_a_dispatch_the_broker_refuses_is_retried_by_the_next_sweep(
    db, clock, django_capture_on_commit_callbacks, caplog
):
    def broker_down(ref):
        raise ConnectionError("broker down")

    services.job_resumer_register(KIND, broker_down)
    try:
        start()
        clock.move_to(timezone.now() + timedelta(minutes=3))
        with django_capture_on_commit_callbacks(execute=True):
            assert sweep_jobs() == 1  # no exception escapes the sweeper
        clock.move_to(timezone.now() + timedelta(minutes=3))
        with django_capture_on_commit_callbacks(execute=True):
            assert sweep_jobs() == 1
    finally:
        services._RESUMERS.pop(KIND, None)
    assert "Could not dispatch job" in caplog.text


def test_starting_a_running_job_again_continues_it_a_finished_one_anew(db, clock):
    job = start()
    services.job_advance(kind=KIND, ref=7, done=3)
    Job.objects.filter(pk=job.pk).update(resumes=2)
    services.job_start(kind=KIND, ref=7, label="Counting to ten", total=10)
    job.refresh_from_db()
    assert (job.done, job.resumes) == (3, 2)
    services.job_finish(kind=KIND, ref=7)
    services.job_start(kind=KIND, ref=7, label="Counting to ten", total=10)
    job.refresh_from_db()
    assert (job.state, job.done, job.resumes) == (Job.State.RUNNING, 0, 0)


def test_the_sweeper_runs_every_minute_on_the_database_schedule(db):
    importlib.import_module("mvp_portal.jobs.migrations.0002_sweeper_schedule").schedule(apps, None)  # idempotent
    task = PeriodicTask.objects.get(task="mvp_portal.jobs.tasks.sweep_jobs")
    assert task.enabled and (task.interval.every, task.interval.period) == (60, "seconds")


def test_broker_settings_agree_with_the_sweeper():
    """Redis hands an unacknowledged task to another worker after the visibility
    timeout: it must outlast every countdown and ETA the portal uses (else a task
    waiting for its time runs twice), and recovery must not wait for it."""
    from mvp_portal import celery_app

    visibility = timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    sweep_interval = timedelta(minutes=1)
    assert settings.JOB_STALL_AFTER + sweep_interval < visibility
    assert settings.NOTICE_REDISPATCH_AFTER + sweep_interval < visibility
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    for name, task in celery_app.tasks.items():
        if name.startswith("celery."):
            continue
        backoff_max = getattr(task, "retry_backoff_max", 0) if getattr(task, "retry_backoff", False) else 0
        delay = max(backoff_max or 0, getattr(task, "default_retry_delay", 0) or 0)
        assert timedelta(seconds=delay) < visibility, f"{name} may wait {delay}s before it runs"


def test_outside_a_stopping_worker_nothing_is_handed_back():
    from celery.worker import state

    assert not services.worker_stopping()
    state.should_stop = 0  # EX_OK: what the warm shutdown's signal handler sets
    try:
        assert services.worker_stopping()
    finally:
        state.should_stop = None


def test_a_step_that_moves_keeps_its_enclosing_job_alive(db, clock):
    """The daily run's account deletions report their own progress: the run
    around them must not look stalled (and be dispatched twice) meanwhile."""
    outer = start()
    services.job_start(kind="test-step", ref=1, label="A long step", total=3)
    clock.move_to(timezone.now() + timedelta(minutes=5))
    with services.job_enclosing(kind=KIND, ref=7):
        services.job_advance(kind="test-step", ref=1, done=1)
    outer.refresh_from_db()
    assert outer.heartbeat_at == timezone.now() and outer.done == 0  # alive, its own progress unchanged
    clock.move_to(timezone.now() + timedelta(minutes=5))
    services.job_advance(kind="test-step", ref=1, done=2)  # outside: the outer job does not move
    outer.refresh_from_db()
    assert outer.heartbeat_at < timezone.now()
