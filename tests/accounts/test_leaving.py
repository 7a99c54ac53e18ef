"""Leaving: asking for deletion, the 14-day grace period, erasure by the daily run
(records keep their shape, naming "a former member"), and the retention of declined dossiers."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from awards.models import Award
from awards.services import awards_daily as awards_daily_for
from directory.models import AwardKit, Summit, SummitRegistration
from evaluations.models import Decision
from mvp_portal.accounts.models import SecurityEvent, User
from mvp_portal.cycles.models import CycleLogEntry
from mvp_portal.notices.models import Notice
from mvp_portal.program_calendar import program_today
from nominations.models import Activity, Dossier, Nomination
from tests.factories import (
    ActivityFactory,
    AwardFactory,
    DecisionFactory,
    DossierFactory,
    OnlineIdentityFactory,
    UserFactory,
)
from tests.factories.accounts import TEST_PASSWORD
from tests.factories.directory import NdaAcceptanceFactory, NdaVersionFactory

DELETE_URL = reverse("accounts:account-delete")


def awards_daily():
    """The daily run for today, as the beat task runs it (the clock is frozen and moved by the tests)."""
    return awards_daily_for(today=program_today())


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def ask_to_leave(client, person):
    client.force_login(person)
    response = client.post(DELETE_URL, {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()


def test_asking_needs_the_password_and_a_yes_and_keeps_the_form(client, outsider):
    client.force_login(outsider)
    response = client.post(DELETE_URL, {"password": "wrong"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "password" in form.errors and "confirm" in form.errors
    assert "Please correct the errors below." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.deletion_due_on is None


def test_asking_sets_a_14_day_grace_period_and_mails_the_person(client, outsider):
    ask_to_leave(client, outsider)
    assert outsider.deletion_due_on == date(2026, 12, 12)
    notice = Notice.objects.get(template="accounts/emails/deletion_requested")
    assert notice.to_email == outsider.email and "12 December 2026" in notice.body_text
    assert SecurityEvent.objects.filter(user=outsider, kind="deletion_requested").exists()
    page = client.get(DELETE_URL).content.decode()
    assert "Keep my account" in page


def test_cancelling_in_the_grace_period_keeps_the_account(client, clock, outsider):
    ask_to_leave(client, outsider)
    assert client.post(reverse("accounts:account-delete-cancel")).status_code == 302
    clock.move_to(on(date(2026, 12, 20)))
    awards_daily()
    outsider.refresh_from_db()
    assert outsider.erased_at is None and outsider.email == "outsider@example.org"
    assert Notice.objects.filter(template="accounts/emails/deletion_cancelled").count() == 1


@pytest.fixture
def leaver(db, expertise, program_admin):
    """An MVP with a past award, a dossier, a kit, a summit seat, links and notices."""
    person = UserFactory(display_name="Lea Leaving", email="lea@example.org", headline="Hyper-V", show_in_alumni=True)
    OnlineIdentityFactory(user=person, url="https://lea.example.org/")
    AwardFactory(user=person, expertise=expertise, starts_on=date(2025, 10, 1))
    award = AwardFactory(user=person, expertise=expertise, starts_on=date(2026, 10, 1))
    AwardKit.objects.create(award=award, shipping_address="1 Leaving Lane, Dublin")
    dossier = DossierFactory(
        owner=person, expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 10, 1)
    )
    ActivityFactory(dossier=dossier, title="Lea's talk")
    DecisionFactory(dossier=dossier, decided_by=program_admin)
    CycleLogEntry.objects.create(cycle=award.cycle, actor=person, action="note", message="A log entry")
    nda = NdaVersionFactory()
    NdaAcceptanceFactory(user=person, version=nda)
    summit = Summit.objects.create(
        name="Summit", place="Redmond", starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 12), capacity=1,
        registration_opens_on=date(2026, 11, 1), registration_closes_on=date(2027, 2, 1), nda_version=nda,
    )  # fmt: skip
    SummitRegistration.objects.create(
        summit=summit, user=person, state="registered", dietary_needs="Vegan", queued_at=on(date(2026, 11, 2))
    )
    waiting = UserFactory(display_name="Walt Waiting")
    SummitRegistration.objects.create(summit=summit, user=waiting, state="waitlisted", queued_at=on(date(2026, 11, 3)))
    return person


def test_the_daily_run_erases_the_person_after_the_grace_period(client, clock, leaver):
    ask_to_leave(client, leaver)
    clock.move_to(on(date(2026, 12, 11)))
    awards_daily()
    leaver.refresh_from_db()
    assert leaver.erased_at is None

    clock.move_to(on(date(2026, 12, 13)))  # a missed day is caught up
    run = awards_daily()
    assert run.jobs["account_deletions"] == 1
    leaver.refresh_from_db()
    assert leaver.display_name == "A former member"
    assert leaver.email == f"erased-{leaver.pk}@erased.invalid"
    assert (leaver.headline, leaver.is_active, leaver.show_in_alumni) == ("", False, False)
    assert not leaver.has_usable_password() and not leaver.online_identities.exists()
    # The records keep their shape.
    assert Award.objects.filter(user=leaver).count() == 2
    dossier = Dossier.objects.get(owner=leaver)
    assert Decision.objects.filter(dossier=dossier).exists()
    assert not Activity.objects.filter(dossier=dossier).exists()
    nomination = Nomination.objects.get(pk=dossier.nomination_id)
    assert (nomination.nominee_name, nomination.statement) == ("A former member", "")
    assert str(CycleLogEntry.objects.get(message="A log entry").actor) == "A former member"
    assert AwardKit.objects.get(award__user=leaver).shipping_address == ""
    # The seat goes to the waitlist.
    assert SummitRegistration.objects.get(user=leaver).dietary_needs == ""
    assert SummitRegistration.objects.get(user__display_name="Walt Waiting").state == "registered"
    # No trace of the address in the outbox or the security log.
    assert not Notice.objects.filter(to_email="lea@example.org").exists()
    assert not Notice.objects.filter(body_text__contains="Lea Leaving").exists()
    assert not SecurityEvent.objects.filter(username="lea@example.org").exists()
    # Signing in no longer works; running again changes nothing.
    client.logout()
    signing_in = client.post(reverse("accounts:login"), {"username": "lea@example.org", "password": TEST_PASSWORD})
    assert signing_in.status_code == 200 and not signing_in.wsgi_request.user.is_authenticated
    assert awards_daily().jobs["account_deletions"] == 0
    assert User.objects.filter(display_name="A former member").count() == 1


# Retention ----------------------------------------------------------------------------
def test_declined_nominees_dossiers_are_erased_two_years_after(clock, expertise, program_admin):
    declined = DossierFactory(expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 1, 1))
    ActivityFactory(dossier=declined)
    DecisionFactory(dossier=declined, verdict=Decision.Verdict.DECLINE, decided_by=program_admin)
    awarded = DossierFactory(expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 1, 1))
    ActivityFactory(dossier=awarded)
    DecisionFactory(dossier=awarded, verdict=Decision.Verdict.AWARD, decided_by=program_admin)
    recent = DossierFactory(expertise=expertise, state=Dossier.State.DECIDED, award_date=date(2025, 4, 1))
    ActivityFactory(dossier=recent)
    DecisionFactory(dossier=recent, verdict=Decision.Verdict.DECLINE, decided_by=program_admin)

    clock.move_to(on(date(2026, 12, 31)))
    assert awards_daily().jobs["declined_dossiers_erased"] == 0
    clock.move_to(on(date(2027, 1, 1)))
    assert awards_daily().jobs["declined_dossiers_erased"] == 1
    assert awards_daily().jobs["declined_dossiers_erased"] == 0  # twice changes nothing
    assert not declined.activities.exists()
    assert Nomination.objects.get(pk=declined.nomination_id).statement == ""
    assert Decision.objects.get(dossier=declined).verdict == "decline"  # the cycle's figures keep their shape
    assert awarded.activities.exists() and recent.activities.exists()


def test_the_deletions_are_a_job_whose_progress_keeps_the_daily_run_alive(db, clock, monkeypatch):
    """Each erasure moves the deletions' job and the daily run's heartbeat; a
    run resumed after its worker died erases only the accounts still due."""
    from datetime import timedelta

    from awards.services import DAILY_JOB
    from mvp_portal.accounts import services as accounts
    from mvp_portal.jobs.models import Job
    from mvp_portal.jobs.selectors import job_get

    today = program_today()
    leavers = UserFactory.create_batch(3, deletion_due_on=today)
    beats = []
    real_erase = accounts.account_erase

    def erase_slowly(*, user_id, now):
        clock.move_to(now + timedelta(minutes=3 * (len(beats) + 1)))  # longer than the stall bound each
        beats.append(job_get(kind=DAILY_JOB, ref=today.isoformat()).heartbeat_at)
        return real_erase(user_id=user_id, now=now)

    monkeypatch.setattr(accounts, "account_erase", erase_slowly)
    assert awards_daily().jobs["account_deletions"] == 3
    assert beats[1] - beats[0] == timedelta(minutes=3)  # the run moved with the first erasure
    deletions = job_get(kind=accounts.DELETIONS_JOB, ref=today.isoformat())
    assert (deletions.state, deletions.done, deletions.total) == (Job.State.DONE, 3, 3)
    assert all(u.erased_at for u in User.objects.filter(pk__in=[u.pk for u in leavers]))
    assert awards_daily().jobs["account_deletions"] == 0
