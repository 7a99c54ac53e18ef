"""Announcing a cycle: awards from decisions, result notices, exactly once."""

import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Award
from evaluations.models import Decision
from mvp_portal.accounts.selectors import is_mvp_on
from mvp_portal.cycles.models import AwardCycle
from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from tests.awards.conftest import bulk_awards
from tests.factories import AwardCycleFactory, DossierFactory, ExpertiseFactory, UserFactory

CYCLE_DATE = date(2027, 1, 1)


def decide(dossier, verdict, by):
    Dossier.objects.filter(pk=dossier.pk).update(state=Dossier.State.DECIDED)
    return Decision.objects.create(dossier=dossier, verdict=verdict, rationale="Evaluated", decided_by=by)


def announce(cycle, admin, *, today=CYCLE_DATE, undecided_action=""):
    claimed = services.cycle_announce_request(
        cycle_id=cycle.pk, actor=admin, today=today, undecided_action=undecided_action
    )
    # The task (eager in tests) runs after commit; call the service as the task does.
    services.cycle_announce(cycle_id=cycle.pk, today=today)
    return claimed


@pytest.fixture
def cycle(db):
    return AwardCycleFactory(award_date=CYCLE_DATE)


@pytest.fixture
def renewal_world(db, program_admin, expertise, cycle):
    """Two MVPs granted 2026-01-01 with renewal dossiers for 2027-01-01, and a nominee."""
    renewing = UserFactory(display_name="Renata Renewed")
    lapsing = UserFactory(display_name="Lars Lapsing")
    new_one = UserFactory(display_name="Nina New")
    rejected = UserFactory(display_name="Rolf Rejected")
    for person in (renewing, lapsing):
        award = Award.objects.create(
            user=person, expertise=expertise, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
        )
    services.renewals_open(today=date(2026, 10, 1))
    other_expertise = ExpertiseFactory(name="Configuration Manager Test")
    renewal = Dossier.objects.get(owner=renewing)
    Dossier.objects.filter(pk=renewal.pk).update(expertise=other_expertise)  # changes expertise at renewal
    decide(renewal, "award", program_admin)
    decide(Dossier.objects.get(owner=lapsing), "decline", program_admin)
    decide(DossierFactory(owner=new_one, expertise=expertise, award_date=CYCLE_DATE), "award", program_admin)
    decide(DossierFactory(owner=rejected, expertise=expertise, award_date=CYCLE_DATE), "decline", program_admin)
    Notice.objects.all().delete()
    return {
        "renewing": renewing,
        "lapsing": lapsing,
        "new": new_one,
        "rejected": rejected,
        "other_expertise": other_expertise,
        "award": award,
    }


def test_announce_grants_renews_and_lets_lapse(renewal_world, cycle, program_admin, expertise):
    w = renewal_world
    assert announce(cycle, program_admin)
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED and cycle.progress_done == cycle.progress_total == 4
    granted = {a.user: a for a in Award.objects.filter(cycle=cycle)}
    assert set(granted) == {w["renewing"], w["new"]}
    renewed = granted[w["renewing"]]
    assert (renewed.starts_on, renewed.ends_on, renewed.expertise) == (
        CYCLE_DATE,
        date(2027, 12, 31),
        w["other_expertise"],
    )
    assert renewed.dossier.owner == w["renewing"]
    assert granted[w["new"]].expertise == expertise
    results = dict(Notice.objects.values_list("to_email", "template"))
    assert results == {
        w["renewing"].email: "awards/emails/result_renewed",
        w["lapsing"].email: "awards/emails/result_not_renewed",
        w["new"].email: "awards/emails/result_awarded",
        w["rejected"].email: "awards/emails/result_not_awarded",
    }
    assert not Decision.objects.filter(announced_at__isnull=True).exists()  # frozen


def test_declined_renewal_is_no_longer_mvp_the_day_after_ends_on(renewal_world, cycle, program_admin):
    announce(cycle, program_admin)
    lapsing, renewing = renewal_world["lapsing"], renewal_world["renewing"]
    assert is_mvp_on(lapsing, date(2026, 12, 31))
    assert not is_mvp_on(UserFactory._meta.model.objects.get(pk=lapsing.pk), date(2027, 1, 1))
    assert is_mvp_on(renewing, date(2027, 1, 1)) and is_mvp_on(renewing, date(2027, 12, 31))


def test_announce_twice_changes_nothing(renewal_world, cycle, program_admin):
    announce(cycle, program_admin)
    awards = sorted(Award.objects.values_list("pk", "user_id", "starts_on"))
    notices = sorted(Notice.objects.values_list("pk", "key"))
    announced_at = AwardCycle.objects.get(pk=cycle.pk).announced_at
    assert not announce(cycle, program_admin)
    # Even the task delivered twice does nothing once the cycle is announced.
    assert services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE) == 0
    assert sorted(Award.objects.values_list("pk", "user_id", "starts_on")) == awards
    assert sorted(Notice.objects.values_list("pk", "key")) == notices
    assert AwardCycle.objects.get(pk=cycle.pk).announced_at == announced_at


def test_announce_resumed_after_a_crash_adds_only_what_is_missing(renewal_world, cycle, program_admin):
    services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)
    services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)
    # As if the worker died after the awards but before the state moved on.
    AwardCycle.objects.filter(pk=cycle.pk).update(state=AwardCycle.State.ANNOUNCING)
    Decision.objects.update(announced_at=None)
    before = (Award.objects.count(), Notice.objects.count())
    services.cycle_announce(cycle_id=cycle.pk, today=CYCLE_DATE)
    assert (Award.objects.count(), Notice.objects.count()) == before


def test_announce_before_the_award_date_is_refused(renewal_world, cycle, program_admin):
    with pytest.raises(ValidationError, match="on or after"):
        services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=date(2026, 12, 31))
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.OPEN


def test_announce_with_undecided_dossiers_needs_a_choice(renewal_world, cycle, program_admin, expertise):
    undecided = DossierFactory(owner=UserFactory(), expertise=expertise, award_date=CYCLE_DATE)
    with pytest.raises(ValidationError, match="1 dossier of this cycle has no decision"):
        services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.OPEN
    assert announce(cycle, program_admin, undecided_action="close")
    assert not Award.objects.filter(user=undecided.owner).exists()
    assert Award.objects.filter(cycle=cycle).count() == 2


def test_announce_4000_awards_well_under_ten_seconds(db, cycle, program_admin, expertise):
    bulk_awards(4000, starts_on=date(2026, 1, 1), expertise=expertise)
    services.renewals_open(today=date(2026, 10, 1))
    Dossier.objects.update(state=Dossier.State.DECIDED)
    Decision.objects.bulk_create(
        [
            Decision(dossier_id=pk, verdict="award", rationale="Great year", decided_by=program_admin)
            for pk in Dossier.objects.values_list("pk", flat=True)
        ]
    )
    started, cpu = time.monotonic(), time.process_time()
    announce(cycle, program_admin)
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu
    print(f"announced 4000 decisions in {elapsed:.2f}s ({cpu:.2f}s CPU)")
    assert Award.objects.filter(cycle=cycle).count() == 4000
    assert Notice.objects.filter(template="awards/emails/result_renewed").count() == 4000
    # CPU time (SQLite runs in this process): robust to a machine shared with other jobs.
    assert cpu < 8


def test_daily_run_finishes_an_announcement_whose_task_was_lost(renewal_world, cycle, program_admin):
    from datetime import timedelta

    from django.utils import timezone

    services.cycle_announce_request(cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE)  # task never ran
    services.awards_daily(today=CYCLE_DATE)
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCING  # not stale yet
    AwardCycle.objects.filter(pk=cycle.pk).update(announce_requested_at=timezone.now() - timedelta(hours=2))
    assert services.awards_daily(today=CYCLE_DATE).announcements_resumed == 1
    assert AwardCycle.objects.get(pk=cycle.pk).state == AwardCycle.State.ANNOUNCED
    assert Award.objects.filter(cycle=cycle).count() == 2


def test_unsubmitted_renewal_lapses_with_a_not_renewed_notice(db, cycle, program_admin, expertise):
    forgetful = UserFactory(display_name="Fred Forgetful")
    Award.objects.create(user=forgetful, expertise=expertise, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    services.renewals_open(today=date(2026, 10, 1))
    Notice.objects.all().delete()
    announce(cycle, program_admin, undecided_action="close")
    announce(cycle, program_admin, undecided_action="close")
    notice = Notice.objects.get()
    assert notice.to_email == forgetful.email and notice.template == "awards/emails/result_not_renewed"
    assert "not submitted in time" in notice.body_text and "31 December 2026" in notice.body_text
    assert not is_mvp_on(forgetful, date(2027, 1, 1))


# The announcement closes its award date ------------------------------------------------
@pytest.fixture
def undecided_world(db, cycle, program_admin, lead, expertise):
    """A decided dossier, and two submitted ones (Irish, so the lead is responsible)
    that nobody decided before the award date."""
    decided = DossierFactory(owner=UserFactory(display_name="Dara Decided"), expertise=expertise, award_date=CYCLE_DATE)
    decide(decided, "award", program_admin)
    waiting = [
        DossierFactory(
            owner=UserFactory(display_name=f"Una Undecided {n}", country="IE"),
            expertise=expertise,
            award_date=CYCLE_DATE,
            state=Dossier.State.SUBMITTED,
        )
        for n in (1, 2)
    ]
    Notice.objects.all().delete()
    return {"decided": decided, "waiting": waiting}


def test_announce_moves_undecided_dossiers_to_the_next_award_date(undecided_world, cycle, program_admin, lead):
    announce(cycle, program_admin, undecided_action="roll")
    next_date = date(2027, 4, 1)
    for dossier in undecided_world["waiting"]:
        dossier.refresh_from_db()
        assert dossier.award_date == next_date
        assert dossier.state == Dossier.State.SUBMITTED  # evaluations carry on
        assert (dossier.period_start, dossier.period_end) == (date(2026, 1, 2), CYCLE_DATE)
        entry = dossier.log_entries.get(action="rolled_over")
        assert entry.data["from_award_date"] == "2027-01-01" and entry.data["to_award_date"] == "2027-04-01"
        told = set(
            Notice.objects.filter(key__startswith="nominations:dossier-rolled:").values_list("to_email", flat=True)
        )
        assert {dossier.owner.email, lead.email} <= told
    owner_notice = Notice.objects.get(to_email=undecided_world["waiting"][0].owner.email)
    assert "1 April 2027" in owner_notice.subject
    cycle.refresh_from_db()
    assert cycle.state == AwardCycle.State.ANNOUNCED
    assert list(cycle.log_entries.values_list("action", flat=True)) == ["announce_requested", "announced"]
    assert "2 dossiers moved to the next award date, 0 closed" in cycle.log_entries.last().message


def test_announce_closes_undecided_dossiers_when_asked(undecided_world, cycle, program_admin):
    announce(cycle, program_admin, undecided_action="close")
    for dossier in undecided_world["waiting"]:
        dossier.refresh_from_db()
        assert dossier.state == Dossier.State.CLOSED and dossier.award_date == CYCLE_DATE
        assert dossier.log_entries.filter(action="closed").count() == 1
        notice = Notice.objects.get(key=f"awards:result:{dossier.pk}")
        assert notice.template == "awards/emails/result_closed"
    assert "0 dossiers moved to the next award date, 2 closed" in cycle.log_entries.last().message
    # Nothing stays decidable for the closed date.
    assert not services.undecided_dossiers(CYCLE_DATE).exists()


def test_no_decision_is_recorded_once_the_date_is_closed(undecided_world, cycle, program_admin):
    from evaluations.services import decision_record, recommendation_save

    straggler = undecided_world["waiting"][0]
    services.cycle_announce_request(
        cycle_id=cycle.pk, actor=program_admin, today=CYCLE_DATE, undecided_action="close"
    )  # announcing: the date is closed before the task even runs
    with pytest.raises(ValidationError, match="award date is closed"):
        decision_record(
            dossier_id=straggler.pk,
            actor=program_admin,
            verdict="award",
            rationale="Too late",
            confirm_without_evaluations=True,
        )
    with pytest.raises(ValidationError, match="can no longer change"):
        recommendation_save(dossier_id=straggler.pk, actor=program_admin, verdict="award", note="Too late")
    assert not Decision.objects.filter(dossier=straggler).exists()


def test_a_rolled_dossier_goes_to_the_next_date_whose_deadline_is_open(undecided_world, cycle, program_admin):
    # The April cycle's submissions closed already (an admin moved its deadline):
    # the dossier goes to the first date still open.
    AwardCycleFactory(award_date=date(2027, 4, 1), submission_deadline=date(2026, 12, 1))
    announce(cycle, program_admin, undecided_action="roll")
    assert {d.award_date for d in Dossier.objects.filter(pk__in=[w.pk for w in undecided_world["waiting"]])} == {
        date(2027, 7, 1)
    }


def test_result_mail_carries_the_approved_feedback_only(renewal_world, cycle, program_admin):
    from django.utils import timezone

    from evaluations.models import Feedback

    rejected = Dossier.objects.get(owner=renewal_world["rejected"])
    new = Dossier.objects.get(owner=renewal_world["new"])
    Feedback.objects.create(
        dossier=rejected,
        note="Talks & posts were few; a steady year would help.",
        drafted_by=program_admin,
        approved_by=program_admin,
        approved_at=timezone.now(),
    )
    Feedback.objects.create(dossier=new, note="UNAPPROVED-DRAFT", drafted_by=program_admin)
    announce(cycle, program_admin)
    notice = Notice.objects.get(to_email=renewal_world["rejected"].email)
    assert "Talks & posts were few; a steady year would help." in notice.body_text
    assert "Talks &amp; posts were few" in notice.body_html
    assert "UNAPPROVED-DRAFT" not in Notice.objects.get(to_email=renewal_world["new"].email).body_text
