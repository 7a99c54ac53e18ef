import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mvp_portal.notices.models import Notice
from nominations.models import Dossier
from nominations.services import dossier_return, dossier_submit
from tests.factories import DossierFactory, UserFactory


@pytest.fixture
def irish_dossier(db):
    return DossierFactory(owner=UserFactory(country="IE", email="owner@example.org"))


def test_dossier_submit_locks_and_notifies_lead(irish_dossier, lead, other_lead):
    dossier = dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)
    assert dossier.state == Dossier.State.SUBMITTED
    assert not dossier.is_editable
    assert dossier.submitted_at is not None
    assert list(Notice.objects.values_list("to_email", flat=True)) == [lead.email]
    assert dossier.log_entries.filter(action="submitted", actor=irish_dossier.owner).exists()


def test_dossier_submit_without_lead_notifies_program_admins(db, program_admin):
    dossier = DossierFactory(owner=UserFactory(country="FR"))
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner)
    assert list(Notice.objects.values_list("to_email", flat=True)) == [program_admin.email]


def test_dossier_submit_by_other_person_refused(irish_dossier, lead):
    with pytest.raises(PermissionDenied):
        dossier_submit(dossier_id=irish_dossier.pk, actor=lead)


def test_dossier_submit_twice_refused(irish_dossier, lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)
    with pytest.raises(ValidationError):
        dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)


def test_dossier_return_unlocks_and_notifies_owner(irish_dossier, lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)
    dossier = dossier_return(dossier_id=irish_dossier.pk, actor=lead, message="Add your talks, please.")
    assert dossier.state == Dossier.State.RETURNED
    assert dossier.is_editable
    assert dossier.return_message == "Add your talks, please."
    notice = Notice.objects.get(to_email=irish_dossier.owner.email)
    assert "Add your talks, please." in notice.body_text
    # and it can be submitted again
    assert dossier_submit(dossier_id=dossier.pk, actor=dossier.owner).state == Dossier.State.SUBMITTED
    assert Notice.objects.filter(to_email=lead.email).count() == 2


def test_dossier_return_by_other_lead_refused(irish_dossier, lead, other_lead):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)
    with pytest.raises(PermissionDenied):
        dossier_return(dossier_id=irish_dossier.pk, actor=other_lead, message="No.")


def test_dossier_return_by_program_admin_allowed(irish_dossier, program_admin):
    dossier_submit(dossier_id=irish_dossier.pk, actor=irish_dossier.owner)
    assert dossier_return(dossier_id=irish_dossier.pk, actor=program_admin, message="More.").state == "returned"


def test_dossier_return_of_draft_refused(irish_dossier, lead):
    with pytest.raises(ValidationError):
        dossier_return(dossier_id=irish_dossier.pk, actor=lead, message="More.")
