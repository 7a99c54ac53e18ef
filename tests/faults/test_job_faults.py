"""Long jobs survive a dying worker within minutes: a real worker SIGKILLed in
the middle of an announcement; beat's job sweeper (every 2 s here, every
minute in production) dispatches it again once its heartbeat is 5 s old (2
minutes in production), and it completes with exact counts — every award and
every result notice once.

``FAULT_DECISIONS`` sets the size (default 4,000 decisions, four chunks: the
kill lands after the first, at 25%)."""

import importlib
import os
import time
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.apps import apps
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from awards import services
from awards.models import Award
from awards.selectors import ANNOUNCE_JOB
from evaluations.models import Decision
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.jobs.models import Job
from mvp_portal.jobs.selectors import job_get
from mvp_portal.notices import services as notice_services
from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from tests.awards.conftest import bulk_awards
from tests.factories import AwardCycleFactory

pytestmark = pytest.mark.faults

DECISIONS = int(os.environ.get("FAULT_DECISIONS", "4000"))
CYCLE_DAY = "2027-01-01"
STALL_SECONDS = "5"


@pytest.fixture
def smtp_server():
    """A prompt SMTP server (not the faults' slow one): the worker sends the
    first chunk's notices before it takes the resumed announcement."""
    from tests.support.smtp import SMTPServer

    with SMTPServer() as server:
        yield server


@pytest.fixture
def claimed_cycle(live_celery, program_admin, expertise, monkeypatch):
    """A cycle of ``DECISIONS`` renewal decisions (two in three awards), not claimed yet."""
    from datetime import date

    cycle = AwardCycleFactory(award_date=date(2027, 1, 1))
    # The renewal notices of the set-up are not the test's: never handed to the broker.
    with monkeypatch.context() as quiet:
        quiet.setattr(notice_services, "notice_dispatch", lambda notice_id: None)
        quiet.setattr(notice_services, "notices_dispatch", lambda notice_ids: None)
        bulk_awards(DECISIONS, starts_on=date(2026, 1, 1), expertise=expertise)
        services.renewals_open(today=date(2026, 10, 1))
    Notice.objects.all().delete()
    Dossier.objects.update(state=Dossier.State.DECIDED)
    Decision.objects.bulk_create(
        [
            Decision(dossier_id=pk, verdict="award" if n % 3 else "decline", rationale="ok", decided_by=program_admin)
            for n, pk in enumerate(Dossier.objects.order_by("pk").values_list("pk", flat=True))
        ]
    )
    return cycle


def sweep_every_two_seconds() -> None:
    # Transactional tests flush the tables, data migrations included: schedule again.
    importlib.import_module("mvp_portal.jobs.migrations.0002_sweeper_schedule").schedule(apps, None)
    task = PeriodicTask.objects.get(task="mvp_portal.jobs.tasks.sweep_jobs")
    task.interval = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    task.save()


def wait_until(check, *, timeout: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"{what} not within {timeout}s")


def assert_announced_exactly_once(cycle) -> None:
    awarded = Decision.objects.filter(verdict="award").count()
    assert Award.objects.filter(cycle=cycle).count() == awarded
    assert Award.objects.filter(cycle=cycle).values("user_id").distinct().count() == awarded
    results = Notice.objects.filter(key__startswith="awards:result:")
    assert results.count() == DECISIONS and results.values("key").distinct().count() == DECISIONS
    assert not Decision.objects.filter(announced_at__isnull=True).exists()
    cycle.refresh_from_db()
    assert cycle.progress_done == cycle.progress_total == DECISIONS
    assert cycle.log_entries.filter(action="announced").count() == 1
    assert job_get(kind=ANNOUNCE_JOB, ref=cycle.pk).state == Job.State.DONE


def real_now() -> datetime:
    return datetime.fromtimestamp(time_machine.escape_hatch.time.time(), tz=UTC)


def test_worker_killed_at_a_quarter_of_an_announcement_it_completes_exactly_once(
    live_celery, claimed_cycle, program_admin, record_property, clock
):
    cycle = claimed_cycle
    sweep_every_two_seconds()
    env = {"JOB_STALL_SECONDS": STALL_SECONDS}
    first = live_celery("worker", **env)
    live_celery("beat", **env)

    # The workers live in real time: the claim's heartbeat must be now, not the suite's frozen noon.
    clock.move_to(real_now())
    assert services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=cycle.award_date)
    quarter = DECISIONS // 4
    progress = AwardCycle.objects.filter(pk=cycle.pk).values_list("progress_done", flat=True)
    wait_until(lambda: progress.get() >= min(quarter, services.ANNOUNCE_CHUNK), timeout=120, what="the first chunk")
    first.kill()  # SIGKILL: the chunk in hand is rolled back with its connection
    killed_at = time.monotonic()
    done_at_kill = progress.get()
    assert done_at_kill < DECISIONS, "the kill came too late to prove anything"
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCING

    live_celery("worker", **env)  # the broker holds the unacknowledged task for an hour: the sweeper does not wait
    state = AwardCycle.objects.filter(pk=cycle.pk).values_list("state", flat=True)
    wait_until(lambda: state.get() == AwardCycle.State.ANNOUNCED, timeout=180, what="the announcement's end")
    recovered = time.monotonic() - killed_at

    assert_announced_exactly_once(cycle)
    assert job_get(kind=ANNOUNCE_JOB, ref=cycle.pk).resumes >= 1

    record_property("decisions", DECISIONS)
    record_property("done_at_kill", done_at_kill)
    record_property("recovered_seconds", round(recovered, 1))
    print(f"\n{DECISIONS} decisions, killed at {done_at_kill}, announced {recovered:.1f}s after the kill")
    assert recovered < 180


def test_worker_stopped_mid_announcement_hands_the_rest_back_and_nothing_is_doubled(
    live_celery, claimed_cycle, program_admin, record_property, clock
):
    """SIGTERM (a deploy, ``make run``'s Ctrl-C): the worker finishes the chunk
    in hand, dispatches the rest and exits promptly; the next worker finishes
    it. No beat here: the hand-back alone carries the announcement on. The
    first chunk's thousand notices wait on their own queue, so the next worker
    takes the handed-back announcement in turn with them, not after them
    (about 65 s here, against 2.5 min when both shared one queue)."""
    cycle = claimed_cycle
    first = live_celery("worker")
    clock.move_to(real_now())
    assert services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=cycle.award_date)
    progress = AwardCycle.objects.filter(pk=cycle.pk).values_list("progress_done", flat=True)
    wait_until(lambda: progress.get() >= min(DECISIONS // 4, services.ANNOUNCE_CHUNK), timeout=120, what="a chunk")
    first.process.terminate()  # SIGTERM: warm shutdown
    stopping = time.monotonic()
    assert first.process.wait(60) == 0
    stopped_in = time.monotonic() - stopping
    done_at_stop = progress.get()
    assert done_at_stop < DECISIONS, "the stop came too late to prove anything"
    assert "handed back at worker shutdown" in first.output()

    live_celery("worker")
    state = AwardCycle.objects.filter(pk=cycle.pk).values_list("state", flat=True)
    wait_until(lambda: state.get() == AwardCycle.State.ANNOUNCED, timeout=180, what="the announcement's end")
    assert_announced_exactly_once(cycle)
    record_property("stopped_in_seconds", round(stopped_in, 1))
    print(f"\n{DECISIONS} decisions: SIGTERM at {done_at_stop}, worker gone in {stopped_in:.1f}s")


# The daily run ---------------------------------------------------------------------
LEAVERS = int(os.environ.get("FAULT_LEAVERS", "400"))
RENEWALS = 40


def test_worker_killed_in_the_middle_of_the_daily_run_it_completes_exactly_once(
    live_celery, expertise, record_property, clock
):
    """SIGKILL during the daily run's account deletions (its last and longest
    step here): the sweeper runs the day again; the renewals opened before the
    kill are not opened twice, and every account due is erased once."""
    from awards.services import DAILY_JOB
    from awards.tasks import awards_daily
    from mvp_portal.accounts.models import User
    from mvp_portal.accounts.services import DELETIONS_JOB
    from tests.factories import UserFactory

    clock.move_to(real_now())
    day = real_now().date()
    bulk_awards(RENEWALS, starts_on=date(day.year, 1, 1), expertise=expertise, prefix="renewing")
    leavers = [
        User(email=f"leaver-{n}@example.org", display_name=f"Leaver {n}", deletion_due_on=day) for n in range(LEAVERS)
    ]
    User.objects.bulk_create(leavers)
    UserFactory(email="staying@example.org")  # not due: never erased
    sweep_every_two_seconds()
    env = {"JOB_STALL_SECONDS": STALL_SECONDS}
    first = live_celery("worker", **env)
    live_celery("beat", **env)

    awards_daily.delay(date_iso=day.isoformat())
    deletions = Job.objects.filter(kind=DELETIONS_JOB, ref=day.isoformat()).values_list("done", flat=True)
    wait_until(lambda: (deletions.first() or 0) >= LEAVERS // 4, timeout=120, what="a quarter of the deletions")
    first.kill()
    killed_at = time.monotonic()
    erased_at_kill = User.objects.filter(erased_at__isnull=False).count()
    assert erased_at_kill < LEAVERS, "the kill came too late to prove anything"
    erased_first = dict(User.objects.filter(erased_at__isnull=False).values_list("pk", "erased_at"))

    live_celery("worker", **env)
    daily = Job.objects.filter(kind=DAILY_JOB, ref=day.isoformat()).values_list("state", flat=True)
    wait_until(lambda: daily.first() == Job.State.DONE, timeout=120, what="the daily run's end")
    recovered = time.monotonic() - killed_at

    assert job_get(kind=DAILY_JOB, ref=day.isoformat()).resumes >= 1
    job = job_get(kind=DELETIONS_JOB, ref=day.isoformat())
    assert job.state == Job.State.DONE
    assert User.objects.filter(deletion_due_on=day, erased_at__isnull=False).count() == LEAVERS
    assert not User.objects.filter(email="staying@example.org", erased_at__isnull=False).exists()
    # Erased once: who was erased before the kill keeps the moment of that erasure.
    assert dict(User.objects.filter(pk__in=erased_first).values_list("pk", "erased_at")) == erased_first
    renewals = Dossier.objects.filter(kind=Dossier.Kind.RENEWAL)
    assert renewals.count() == renewals.values("owner_id").distinct().count() == RENEWALS
    opened = Notice.objects.filter(key__startswith="awards:renewal-opened:")
    assert opened.count() == opened.values("key").distinct().count() >= RENEWALS

    record_property("erased_at_kill", erased_at_kill)
    record_property("recovered_seconds", round(recovered, 1))
    print(f"\n{LEAVERS} deletions, killed at {erased_at_kill}, the run done {recovered:.1f}s after the kill")


# A source sync ---------------------------------------------------------------------
def test_worker_killed_in_the_middle_of_a_source_sync_it_is_resumed_and_nothing_is_doubled(
    live_celery, nominee, record_property, clock
):
    """SIGKILL while the worker waits on a slow feed: the connection stays
    claimed (``syncing_since``) for ten minutes to an ordinary sync, but the
    sweeper finds the sync's job stalled and dispatches it as resumed, which
    takes the claim over; its suggestions are made once."""
    from nominations.models import SourceConnection, Suggestion
    from nominations.sources.services import SYNC_JOB
    from nominations.sources.tasks import source_sync
    from tests.factories import DossierFactory, SourceConnectionFactory
    from tests.support.reference_data import restore_activity_types
    from tests.support.replay import ReplayServer

    restore_activity_types()
    clock.move_to(real_now())
    DossierFactory(owner=nominee, period_start=date(2020, 1, 1))  # every post of the feed is in the period
    server = ReplayServer().start()
    try:
        feed = server.add("/feed/", fixture="blog-rss.xml", content_type="application/rss+xml")
        feed.delay = 60  # the first worker dies waiting for it
        connection = SourceConnectionFactory(owner=nominee, identifier=server.url("/feed/"))
        sweep_every_two_seconds()
        env = {"JOB_STALL_SECONDS": STALL_SECONDS, "SOURCES_ONLY_LOOPBACK": "1"}
        first = live_celery("worker", **env)
        live_celery("beat", **env)

        source_sync.delay(connection.pk)
        wait_until(lambda: server.requests, timeout=60, what="the first fetch")
        first.kill()
        killed_at = time.monotonic()
        feed.delay = 0
        assert SourceConnection.objects.get(pk=connection.pk).syncing_since is not None  # claimed by the dead

        live_celery("worker", **env)
        synced = SourceConnection.objects.filter(pk=connection.pk).values_list("last_synced_at", flat=True)
        wait_until(lambda: synced.get() is not None, timeout=60, what="the resumed sync")
        recovered = time.monotonic() - killed_at
    finally:
        server.stop()

    job = job_get(kind=SYNC_JOB, ref=connection.pk)
    assert job.state == Job.State.DONE and job.resumes >= 1
    connection.refresh_from_db()
    assert (connection.failures, connection.last_error, connection.syncing_since) == (0, "", None)
    suggestions = Suggestion.objects.filter(owner=nominee)
    assert suggestions.count() == suggestions.values("key").distinct().count() == 4
    assert len(server.requests) == 2  # the dead worker's fetch and the resumed one
    record_property("recovered_seconds", round(recovered, 1))
    print(f"\nsource sync killed while fetching, synced {recovered:.1f}s after the kill")
