from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from nominations.services import dossier_return, dossier_submit
from tests.conftest import TODAY
from tests.factories import DossierFactory, UserFactory


@pytest.fixture
def irish_dossier(db):
    return DossierFactory(owner=UserFactory(country="IE", email="owner@example.org"))


def test_dossier_submit_locks_and_notifies_lead(irish_dossier, lead, other_lead):
    dossier = dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)
    assert dossier.state == Dossier.State.SUBMITTED
    assert not dossier.is_editable
    assert dossier.submitted_at is not None
    assert list(Notice.objects.values_list("to_email", flat=True)) == [lead.email]
    assert dossier.log_entries.filter(action="submitted", actor=irish_dossier.owner).exists()


def test_dossier_submit_without_lead_notifies_program_admins(db, program_admin):
    dossier = DossierFactory(owner=UserFactory(country="FR"))
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    assert list(Notice.objects.values_list("to_email", flat=True)) == [program_admin.email]


def test_dossier_submit_by_other_person_refused(irish_dossier, lead):
    with pytest.raises(PermissionDenied):
        dossier_submit(dossier_id=irish_dossier.pk, actor=lead, today=TODAY)


def test_dossier_submit_twice_refused(irish_dossier, lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)
    with pytest.raises(ValidationError):
        dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)


def test_dossier_return_unlocks_and_notifies_owner(irish_dossier, lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)
    dossier = dossier_return(dossier_id=irish_dossier.pk, actor=lead, message="Add your talks, please.")
    assert dossier.state == Dossier.State.RETURNED
    assert dossier.is_editable
    assert dossier.return_message == "Add your talks, please."
    notice = Notice.objects.get(to_email=irish_dossier.owner.email)
    assert "Add your talks, please." in notice.body_text
    # and it can be submitted again
    assert dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY).state == Dossier.State.SUBMITTED
    assert Notice.objects.filter(to_email=lead.email).count() == 2


def test_dossier_return_by_other_lead_refused(irish_dossier, lead, other_lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)
    with pytest.raises(PermissionDenied):
        dossier_return(dossier_id=irish_dossier.pk, actor=other_lead, message="No.")


def test_dossier_return_by_program_admin_allowed(irish_dossier, program_admin):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner, today=TODAY)
    assert dossier_return(dossier_id=irish_dossier.pk, actor=program_admin, message="More.").state == "returned"


def test_dossier_return_of_draft_refused(irish_dossier, lead):
    with pytest.raises(ValidationError):
        dossier_return(dossier_id=irish_dossier.pk, actor=lead, message="More.")


def test_first_submission_sets_the_period_to_the_year_before_it(db):
    dossier = DossierFactory(award_date=date(2027, 4, 1), period_start=date(2025, 10, 2), period_end=date(2026, 10, 1))
    submitted = dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=date(2026, 12, 15))
    assert (submitted.period_start, submitted.period_end) == (date(2025, 12, 16), date(2026, 12, 15))
    assert submitted.award_date == date(2027, 4, 1)


def test_late_new_dossier_moves_to_the_next_open_award_date(db):
    dossier = DossierFactory(award_date=date(2027, 1, 1))  # its deadline was 2026-11-20
    submitted = dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=date(2026, 11, 21))
    assert submitted.award_date == date(2027, 4, 1)


def test_late_renewal_cannot_be_first_submitted_but_a_returned_one_can(db, lead):
    owner = UserFactory(country="IE")
    renewal = DossierFactory(owner=owner, kind=Dossier.Kind.RENEWAL, award_date=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="deadline of this renewal was 20 November 2026"):
        dossier_submit(dossier_id=renewal.pk, actor=owner, today=date(2026, 11, 21))
    assert dossier_submit(dossier_id=renewal.pk, actor=owner, today=date(2026, 11, 20)).state == Dossier.State.SUBMITTED
    dossier_return(dossier_id=renewal.pk, actor=lead, message="Add the links to your talks.")
    resubmitted = dossier_submit(dossier_id=renewal.pk, actor=owner, today=date(2026, 12, 1))
    assert resubmitted.state == Dossier.State.SUBMITTED and resubmitted.award_date == date(2027, 1, 1)


# The cycle's deadlines are the ones enforced ---------------------------------------------------
def test_a_deadline_moved_by_an_admin_is_the_one_enforced_and_shown(client, lead, program_admin, clock):
    from mvp_portal.cycles.services import cycle_deadlines_update
    from tests.factories import AwardCycleFactory

    cycle = AwardCycleFactory(award_date=date(2027, 4, 1))  # default deadline: 18 February 2027
    renewal = DossierFactory(
        owner=UserFactory(country="IE"), kind=Dossier.Kind.RENEWAL, nomination=None, award_date=date(2027, 4, 1)
    )
    cycle_deadlines_update(
        cycle_id=cycle.pk,
        submission_deadline=date(2027, 1, 15),
        evaluation_deadline=date(2027, 3, 1),
        actor=program_admin,
        today=TODAY,
    )
    client.force_login(renewal.owner)
    page = client.get(f"/nominations/dossiers/{renewal.pk}/").content.decode()
    assert "15 January 2027" in page and "18 February 2027" not in page
    clock.move_to("2027-01-16 12:00Z")
    with pytest.raises(ValidationError, match="15 January 2027"):
        dossier_submit(dossier_id=renewal.pk, actor=renewal.owner, today=date(2027, 1, 16))
    # A new dossier submitted after the moved deadline goes to the next award date.
    new = DossierFactory(owner=UserFactory(country="IE"), award_date=date(2027, 4, 1))
    assert dossier_submit(dossier_id=new.pk, actor=new.owner, today=date(2027, 1, 16)).award_date == date(2027, 7, 1)


# Routed by the country recorded at submission ----------------------------------------------------
def test_the_country_is_recorded_at_submission_and_profile_edits_do_not_reroute(client, lead, other_lead):
    owner = UserFactory(country="IE")
    dossier = DossierFactory(owner=owner)
    dossier = dossier_submit(dossier_id=dossier.pk, actor=owner, today=TODAY)
    assert dossier.country == "IE"
    owner.country = "DE"  # moves to the other lead's country after submitting
    owner.save(update_fields=["country"])
    client.force_login(lead)
    assert client.get(f"/desk/dossiers/{dossier.pk}/").status_code == 200
    client.force_login(other_lead)
    assert client.get(f"/desk/dossiers/{dossier.pk}/").status_code == 404
    # Returned and resubmitted, it is routed by the country of that day.
    dossier_return(dossier_id=dossier.pk, actor=lead, message="Add your talks.")
    assert dossier_submit(dossier_id=dossier.pk, actor=owner, today=TODAY).country == "DE"


# Staff never act on their own dossier ------------------------------------------------------------
def test_a_lead_cannot_return_their_own_dossier(db, lead):
    own = DossierFactory(owner=lead, country="IE", state=Dossier.State.UNDER_EVALUATION)
    with pytest.raises(PermissionDenied):
        dossier_return(dossier_id=own.pk, actor=lead, message="Unlock my own dossier, please.")
    own.refresh_from_db()
    assert own.state == Dossier.State.UNDER_EVALUATION
