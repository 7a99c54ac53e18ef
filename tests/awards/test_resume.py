"""A long job that dies half-way is finished by the job sweeper, or by an
admin pressing Announce again: a second run adds only what is missing — no
award, notice or decision twice."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from awards import services
from awards.models import Award
from evaluations.models import Decision
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.jobs.models import Job
from mvp_portal.jobs.selectors import job_get
from mvp_portal.jobs.tasks import sweep_jobs
from mvp_portal.notices.models import Notice
from mvp_portal.notices.services import notices_due_for_dispatch
from nominations.models import Dossier
from tests.awards.conftest import bulk_awards
from tests.factories import AwardCycleFactory

CYCLE_DATE = date(2027, 1, 1)
DECISIONS = 10


class WorkerDied(Exception):
    """Stands in for a SIGKILL: the run stops between two chunks."""


@pytest.fixture
def cycle(db, program_admin, expertise, monkeypatch):
    """A claimed cycle of ten renewal decisions (half awards), in chunks of three."""
    cycle = AwardCycleFactory(award_date=CYCLE_DATE)
    bulk_awards(DECISIONS, starts_on=date(2026, 1, 1), expertise=expertise)
    services.renewals_open(today=date(2026, 10, 1))
    Dossier.objects.update(state=Dossier.State.DECIDED)
    Decision.objects.bulk_create(
        [
            Decision(dossier_id=pk, verdict="award" if n % 2 else "decline", rationale="Seen", decided_by=program_admin)
            for n, pk in enumerate(Dossier.objects.order_by("pk").values_list("pk", flat=True))
        ]
    )
    Notice.objects.all().delete()
    monkeypatch.setattr(services, "ANNOUNCE_CHUNK", 3)
    assert services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)
    return cycle


def die_after_chunks(monkeypatch, chunks: int) -> None:
    real = services._announce_chunk
    calls = []

    def chunk(cycle, decisions):
        if len(calls) == chunks:
            raise WorkerDied
        calls.append(len(decisions))
        return real(cycle, decisions)

    monkeypatch.setattr(services, "_announce_chunk", chunk)


def assert_announced_exactly_once(cycle) -> None:
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED
    assert cycle.progress_done == cycle.progress_total == DECISIONS
    assert Award.objects.filter(cycle=cycle).count() == DECISIONS // 2
    keys = list(Notice.objects.filter(key__startswith="awards:result:").values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == DECISIONS
    assert not Decision.objects.filter(announced_at__isnull=True).exists()
    assert cycle.log_entries.filter(action="announced").count() == 1
    job = job_get(kind=services.ANNOUNCE_JOB, ref=cycle.pk)
    assert (job.state, job.done, job.total) == (Job.State.DONE, DECISIONS, DECISIONS)


def test_the_claim_starts_the_job_and_each_chunk_moves_it(cycle, clock, monkeypatch):
    job = job_get(kind=services.ANNOUNCE_JOB, ref=cycle.pk)
    assert (job.state, job.done, job.total, job.heartbeat_at) == (Job.State.RUNNING, 0, DECISIONS, timezone.now())
    assert job.label == f"Announcement of {cycle}"
    beats = []
    real = services.job_advance

    def advance(**kwargs):
        beats.append(kwargs.get("done"))
        real(**kwargs)

    monkeypatch.setattr(services, "job_advance", advance)
    services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)
    assert beats == [0, 3, 6, 9, 10]  # the start, then one per chunk
    assert_announced_exactly_once(cycle)


def test_a_run_that_died_is_resumed_by_the_sweeper_after_two_minutes(
    cycle, clock, monkeypatch, django_capture_on_commit_callbacks
):
    die_after_chunks(monkeypatch, 1)
    with pytest.raises(WorkerDied):
        services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)
    job = job_get(kind=services.ANNOUNCE_JOB, ref=cycle.pk)
    assert (job.state, job.done) == (Job.State.RUNNING, 3)
    assert "WorkerDied" in job.last_error
    monkeypatch.undo()
    monkeypatch.setattr(services, "ANNOUNCE_CHUNK", 3)

    clock.move_to(timezone.now() + timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == 0  # within the bound: it may still be running
    clock.move_to(timezone.now() + timedelta(seconds=61))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == 1  # the announce task runs (eagerly) to the end
    assert_announced_exactly_once(cycle)
    assert job_get(kind=services.ANNOUNCE_JOB, ref=cycle.pk).resumes == 1


def test_a_resumed_run_beside_a_late_original_adds_nothing_twice(cycle, clock, monkeypatch):
    die_after_chunks(monkeypatch, 2)
    with pytest.raises(WorkerDied):
        services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)
    monkeypatch.undo()
    monkeypatch.setattr(services, "ANNOUNCE_CHUNK", 3)
    # The sweeper's run, then the original message handed back by Redis.
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == DECISIONS - 6
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 0
    assert_announced_exactly_once(cycle)


def test_pressing_announce_again_restarts_a_stalled_announcement_only(
    cycle, clock, program_admin, django_capture_on_commit_callbacks
):
    again = dict(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)
    clock.move_to(timezone.now() + timedelta(seconds=90))
    with django_capture_on_commit_callbacks(execute=True):
        assert not services.cycle_announce_request(**again)  # moving (as far as anyone knows): nothing
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCING
    clock.move_to(timezone.now() + timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cycle_announce_request(**again)  # the task never ran: restarted
    assert_announced_exactly_once(cycle)
    assert not services.cycle_announce_request(**again)


def test_notices_committed_but_never_handed_to_the_broker_are_swept_within_two_minutes(
    cycle, clock, monkeypatch, settings
):
    """The chunk's notices are dispatched after its commit; a worker killed in
    between leaves them queued: the outbox sweeper (every minute) sends them."""
    die_after_chunks(monkeypatch, 1)
    with pytest.raises(WorkerDied):
        services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)  # on_commit callbacks never ran here
    queued = set(Notice.objects.filter(state=Notice.State.QUEUED).values_list("pk", flat=True))
    assert len(queued) == 3
    assert notices_due_for_dispatch(now=timezone.now()) == []
    swept_by = timezone.now() + settings.NOTICE_REDISPATCH_AFTER + timedelta(minutes=1)
    assert swept_by - timezone.now() <= timedelta(minutes=2)
    clock.move_to(timezone.now() + settings.NOTICE_REDISPATCH_AFTER + timedelta(seconds=1))
    assert set(notices_due_for_dispatch(now=timezone.now())) == queued


def test_a_daily_run_that_died_is_run_again_for_its_day(
    db, clock, mvp, lead, monkeypatch, django_capture_on_commit_callbacks
):
    day = date(2027, 7, 1)  # the mvp's renewal window opens
    real = services.renewal_reminders_send

    def dies(**kwargs):
        raise WorkerDied

    monkeypatch.setattr(services, "renewal_reminders_send", dies)
    with pytest.raises(WorkerDied):
        services.awards_daily(today=day)
    job = job_get(kind=services.DAILY_JOB, ref=day.isoformat())
    assert (job.state, job.done, job.total) == (Job.State.RUNNING, 3, 8)  # eight steps, three done
    monkeypatch.setattr(services, "renewal_reminders_send", real)

    clock.move_to(timezone.now() + timedelta(minutes=3))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_jobs() == 1  # awards_daily(date_iso="2027-07-01"), eagerly
    job.refresh_from_db()
    assert (job.state, job.done, job.resumes) == (Job.State.DONE, 8, 1)
    assert Dossier.objects.filter(owner=mvp, kind="renewal").count() == 1
    assert Notice.objects.filter(key__startswith="awards:renewal-opened:").count() == 2  # the mvp and the lead


def test_a_worker_asked_to_stop_hands_the_rest_back_between_two_chunks(
    cycle, monkeypatch, django_capture_on_commit_callbacks
):
    asked = iter([True])  # SIGTERM during the first chunk; the run it hands back goes on
    monkeypatch.setattr(services, "worker_stopping", lambda: next(asked, False))
    dispatched = []
    real_announce = services.cycle_announce

    def task_delay(cycle_id):
        dispatched.append(cycle_id)
        real_announce(cycle_id=cycle_id, today=CYCLE_DATE)

    monkeypatch.setattr("awards.tasks.announce_cycle.delay", task_delay)
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 3  # one chunk, then handed back
    assert dispatched == [cycle.pk]
    assert_announced_exactly_once(cycle)


def test_a_daily_run_asked_to_stop_hands_the_rest_of_its_day_back(db, clock, mvp, monkeypatch):
    day = date(2027, 7, 1)
    asked = iter([False, True])  # after its second step
    monkeypatch.setattr(services, "worker_stopping", lambda: next(asked, False))
    again = []
    monkeypatch.setattr("awards.tasks.awards_daily.delay", lambda date_iso: again.append(date_iso))
    run = services.awards_daily(today=day)
    assert run.renewals_opened == 0 and again == ["2027-07-01"]
    assert job_get(kind=services.DAILY_JOB, ref=day.isoformat()).done == 2
    services.awards_daily(today=day)  # what the handed-back task does
    assert Dossier.objects.filter(owner=mvp, kind="renewal").count() == 1
    assert job_get(kind=services.DAILY_JOB, ref=day.isoformat()).state == Job.State.DONE
