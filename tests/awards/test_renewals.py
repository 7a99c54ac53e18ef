"""Renewal windows: the daily scan opens each renewal dossier and sends its
re-evaluation notice exactly once, catches up after downtime, never early."""

import random
import time
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from awards import services
from awards.models import Award
from mvp_portal import program_calendar as cal
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from nominations.models import Dossier, DossierLogEntry
from tests.awards.conftest import bulk_awards
from tests.factories import AwardFactory, UserFactory

# The daily run's statements, the same at every size (with its job's reports, and the deletions' job inside it).
RUN_QUERIES = 44


def mvp_notices(award: Award):
    return Notice.objects.filter(key=f"awards:renewal-opened:{award.pk}:mvp")


def test_scan_opens_the_renewal_dossier_and_tells_mvp_and_lead(db, mvp, lead, expertise):
    award = mvp.awards.get()  # granted 2026-10-01: window opens 2027-07-01
    assert services.renewals_open(today=date(2027, 6, 30)) == 0
    assert not Dossier.objects.exists() and not Notice.objects.exists()

    assert services.renewals_open(today=date(2027, 7, 1)) == 1
    award.refresh_from_db()
    dossier = award.renewal_dossier
    assert (dossier.owner, dossier.kind, dossier.state, dossier.expertise) == (mvp, "renewal", "draft", expertise)
    assert (dossier.award_date, dossier.period_start, dossier.period_end) == (
        date(2027, 10, 1),
        date(2026, 10, 1),
        date(2027, 9, 30),
    )
    assert DossierLogEntry.objects.filter(dossier=dossier, action="renewal_opened").count() == 1
    notices = {n.key: n for n in Notice.objects.all()}
    assert set(notices) == {f"awards:renewal-opened:{award.pk}:mvp", f"awards:renewal-opened:{award.pk}:lead:{lead.pk}"}
    to_mvp = notices[f"awards:renewal-opened:{award.pk}:mvp"]
    assert to_mvp.to_email == mvp.email and "renewal" in to_mvp.subject.lower()
    assert f"/nominations/dossiers/{dossier.pk}/" in to_mvp.body_text
    assert "23:59:59 (UTC)" in to_mvp.body_text
    assert notices[f"awards:renewal-opened:{award.pk}:lead:{lead.pk}"].to_email == lead.email

    # Again, the same day or later: nothing more.
    assert services.renewals_open(today=date(2027, 7, 1)) == 0
    assert services.renewals_open(today=date(2027, 8, 15)) == 0
    assert Notice.objects.count() == 2 and Dossier.objects.count() == 1


def test_scan_after_downtime_catches_up_while_the_award_is_held(db, mvp, lead):
    award = mvp.awards.get()
    assert services.renewals_open(today=date(2027, 9, 30)) == 1  # the window's last day
    award.refresh_from_db()
    assert award.renewal_dossier is not None and mvp_notices(award).count() == 1


def test_scan_leaves_an_award_that_has_ended(db, mvp):
    # Down for the whole window: the award has lapsed, its renewal cycle is past.
    assert services.renewals_open(today=date(2027, 10, 1)) == 0
    assert not Dossier.objects.exists()


def test_scan_links_a_dossier_the_person_already_has_for_the_date(db, mvp, expertise):
    award = mvp.awards.get()
    existing = Dossier.objects.create(
        owner=mvp,
        kind="renewal",
        expertise=expertise,
        award_date=date(2027, 10, 1),
        period_start=date(2026, 10, 1),
        period_end=date(2027, 9, 30),
    )
    services.renewals_open(today=date(2027, 7, 2))
    award.refresh_from_db()
    assert award.renewal_dossier == existing and Dossier.objects.count() == 1
    assert mvp_notices(award).count() == 1


@pytest.mark.parametrize("country", ["NL", "BE"])
def test_renewal_in_a_country_without_a_lead_reaches_the_program_admins(db, expertise, lead, program_admin, country):
    award = AwardFactory(user=UserFactory(country=country), expertise=expertise, starts_on=date(2026, 1, 1))
    services.renewals_open(today=date(2026, 10, 1))
    keys = dict(Notice.objects.values_list("key", "to_email"))
    assert keys == {
        f"awards:renewal-opened:{award.pk}:mvp": award.user.email,
        f"awards:renewal-opened:{award.pk}:lead:{program_admin.pk}": program_admin.email,
    }
    award.refresh_from_db()
    staff_notice = Notice.objects.get(to_email=program_admin.email)
    assert f"/desk/dossiers/{award.renewal_dossier_id}/" in staff_notice.body_text


@pytest.mark.parametrize("size", [40, 4000])
def test_scan_queries_do_not_grow_with_the_awards(
    db, lead, expertise, django_assert_num_queries, django_assert_max_num_queries, size, monkeypatch
):
    monkeypatch.setattr(services, "RENEWAL_CHUNK", 5000)  # one chunk at both sizes; chunks: below
    bulk_awards(size, starts_on=date(2026, 1, 1), expertise=expertise)
    started = time.monotonic()
    # 25 of the awards' own, 1 for the alumni credentials' scan of lapsed awards, 5 of the apps' daily jobs
    # (summits 3, account deletions 1, declined dossiers 1), and the reports to the run's job: its start (2),
    # a heartbeat after each step, its end.
    with django_assert_num_queries(RUN_QUERIES):
        run = services.awards_daily(today=date(2026, 10, 1))
    elapsed = time.monotonic() - started
    assert run.renewals_opened == size
    assert Dossier.objects.filter(kind="renewal").count() == size
    assert Award.objects.filter(renewal_dossier__isnull=False).count() == size
    assert Notice.objects.count() == 2 * size  # the MVP and their lead
    print(f"scan of {size} awards: {elapsed:.2f}s")
    with django_assert_max_num_queries(RUN_QUERIES):
        assert services.awards_daily(today=date(2026, 10, 2)).renewals_opened == 0
    assert Notice.objects.count() == 2 * size


def scan_queries(size: int, chunk: int, expertise, monkeypatch, prefix: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(services, "RENEWAL_CHUNK", chunk)
    bulk_awards(size, starts_on=date(2026, 1, 1), expertise=expertise, prefix=prefix)
    with CaptureQueriesContext(connection) as queries:
        assert services.renewals_open(today=date(2026, 10, 1)) == size
    return len(queries)


def test_scan_queries_grow_with_the_chunks_not_the_awards(db, lead, expertise, monkeypatch):
    """Two chunks of 10 awards cost the statements of two chunks of 100."""
    scan_queries(1, 10, expertise, monkeypatch, "warm")  # the renewal cycle is created once
    Award.objects.all().delete()
    small = scan_queries(20, 10, expertise, monkeypatch, "small")
    Award.objects.all().delete()
    assert scan_queries(200, 100, expertise, monkeypatch, "large") == small


def test_scan_in_chunks_opens_each_renewal_once_and_keeps_the_daily_run_alive(db, lead, expertise, monkeypatch):
    from mvp_portal.jobs.models import Job

    monkeypatch.setattr(services, "RENEWAL_CHUNK", 7)
    awards = bulk_awards(30, starts_on=date(2026, 1, 1), expertise=expertise)
    AwardFactory(user=UserFactory(), expertise=expertise, starts_on=date(2026, 7, 1))  # window not open: skipped
    beats = []
    real = services.jobs_heartbeat

    def heartbeat():
        beats.append(Job.objects.get(kind=services.DAILY_JOB).done)
        real()

    monkeypatch.setattr(services, "jobs_heartbeat", heartbeat)
    run = services.awards_daily(today=date(2026, 10, 1))
    assert run.renewals_opened == 30
    assert beats == [2, 2, 2, 2]  # between the five chunks of the scan (its third step), not after the last
    assert Award.objects.filter(pk__in=[a.pk for a in awards], renewal_dossier__isnull=False).count() == 30
    assert Dossier.objects.filter(kind="renewal").count() == 30
    assert Notice.objects.filter(key__startswith="awards:renewal-opened:").count() == 60
    assert services.renewals_open(today=date(2026, 10, 1)) == 0


def test_scan_that_dies_between_two_chunks_is_finished_by_the_next_run_exactly_once(db, lead, expertise, monkeypatch):
    monkeypatch.setattr(services, "RENEWAL_CHUNK", 10)
    bulk_awards(25, starts_on=date(2026, 1, 1), expertise=expertise)
    real, calls = services._renewals_open_chunk, []

    def dies_in_the_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(services, "_renewals_open_chunk", dies_in_the_second)
    with pytest.raises(RuntimeError):
        services.renewals_open(today=date(2026, 10, 1))
    assert Dossier.objects.filter(kind="renewal").count() == 10  # the first chunk is committed
    monkeypatch.setattr(services, "_renewals_open_chunk", real)
    assert services.renewals_open(today=date(2026, 10, 1)) == 15
    assert Dossier.objects.filter(kind="renewal").count() == 25
    keys = list(Notice.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 50


def test_command_runs_the_scan_for_the_given_date(db, mvp, capsys):
    call_command("send_renewal_notices", "--date", "2027-07-01")
    assert "1 renewal dossier(s) opened" in capsys.readouterr().out
    assert mvp.awards.get().renewal_dossier is not None
    assert AwardCycle.objects.filter(award_date=date(2027, 10, 1)).exists()


def test_daily_run_creates_the_next_four_cycles_once(db):
    services.awards_daily(today=date(2026, 11, 28))
    services.awards_daily(today=date(2026, 11, 28))
    assert list(AwardCycle.objects.order_by("award_date").values_list("award_date", flat=True)) == [
        date(2027, 1, 1),
        date(2027, 4, 1),
        date(2027, 7, 1),
        date(2027, 10, 1),
    ]
    cycle = AwardCycle.objects.get(award_date=date(2027, 1, 1))
    assert (cycle.submission_deadline, cycle.evaluation_deadline) == (date(2026, 11, 20), date(2026, 12, 25))
    # The submission deadline passed on 2026-11-20: the cycle is evaluating.
    assert cycle.state == AwardCycle.State.EVALUATING


def test_reminders_30_and_7_days_before_the_deadline_each_once(db, mvp, lead):
    award = mvp.awards.get()
    services.awards_daily(today=date(2027, 7, 1))  # opens the dossier for 2027-10-01 (deadline 2027-08-20)
    dossier = Dossier.objects.get(owner=mvp)
    keys = lambda: sorted(Notice.objects.filter(key__contains="reminder").values_list("key", flat=True))  # noqa: E731
    for day in (date(2027, 7, 20), date(2027, 7, 21), date(2027, 7, 22), date(2027, 8, 12)):
        services.awards_daily(today=day)
    assert keys() == [f"awards:renewal-reminder:{dossier.pk}:30"]
    for day in (date(2027, 8, 13), date(2027, 8, 14), date(2027, 8, 20), date(2027, 8, 21)):
        services.awards_daily(today=day)
    assert keys() == [f"awards:renewal-reminder:{dossier.pk}:30", f"awards:renewal-reminder:{dossier.pk}:7"]
    assert Notice.objects.get(key__endswith=":7").to_email == mvp.email
    assert award.pk


def test_no_reminder_for_a_submitted_renewal(db, mvp):
    services.awards_daily(today=date(2027, 7, 1))
    Dossier.objects.filter(owner=mvp).update(state=Dossier.State.SUBMITTED)
    services.awards_daily(today=date(2027, 8, 14))
    assert not Notice.objects.filter(key__contains="reminder").exists()


def test_simulation_three_years_every_quarter_with_downtime_and_doubled_runs(db, lead, expertise):
    """Every day of three years, some days skipped and some run twice:
    each award gets exactly one re-evaluation notice, on its window's first
    day or the first run after it, and never before."""
    rng = random.Random(5)
    grants = [cal.add_months(date(2024, 1, 1), 3 * q) for q in range(16)]  # 2024-01-01 … 2027-10-01
    awards = []
    for starts_on in grants:
        awards += bulk_awards(8, starts_on=starts_on, expertise=expertise, prefix="sim")
    first_day, last_day = date(2025, 1, 1), date(2027, 12, 31)
    down = set()
    day = first_day
    while day <= last_day:
        if rng.random() < 0.04:  # an outage of one to twenty days
            down.update(day + timedelta(days=n) for n in range(rng.randint(1, 20)))
        day += timedelta(days=1)
    for window_start in (date(2025, 10, 1), date(2026, 4, 1)):
        down.add(window_start)  # certainly down on some windows' first day
    runs: list[date] = []
    sent_on: dict[str, date] = {}
    last_seen = 0
    day = first_day
    while day <= last_day:
        if day not in down:
            for _ in range(2 if rng.random() < 0.1 else 1):
                services.renewals_open(today=day)
            runs.append(day)
            for pk, key in Notice.objects.filter(pk__gt=last_seen).values_list("pk", "key"):
                assert key not in sent_on, f"{key} sent twice"
                sent_on[key] = day
                last_seen = max(last_seen, pk)
        day += timedelta(days=1)

    per_award = defaultdict(list)
    for key, day in sent_on.items():
        if key.endswith(":mvp"):
            per_award[int(key.split(":")[2])].append(day)
    checked = 0
    for award in awards:
        opens, ends = cal.renewal_opens_on(award.starts_on), award.ends_on
        first_run = next((d for d in runs if d >= opens), None)
        if first_run is None or first_run > ends or opens < first_day:
            assert award.pk not in per_award or opens < first_day
            continue
        assert per_award[award.pk] == [first_run], award
        assert sent_on[f"awards:renewal-opened:{award.pk}:lead:{lead.pk}"] == first_run
        checked += 1
    assert checked >= 8 * 10
    assert Dossier.objects.count() == len(per_award)
    assert Dossier.objects.values("owner", "award_date").distinct().count() == Dossier.objects.count()


def test_command_takes_the_date_as_text_from_call_command_and_refuses_a_bad_one(db, mvp, capsys):
    from django.core.management import CommandError

    call_command("send_renewal_notices", date="2027-07-01")
    assert mvp.awards.get().renewal_dossier is not None
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_renewal_notices", date="2027-13-01")
