"""The lead desk: what waits on the lead, nominations to invite, dossiers to
return; everything scoped by the one responsibility rule."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluation_services
from mvp_portal.notices.models import Notice
from nominations.models import Dossier, Invitation, Nomination
from nominations.services import dossier_submit, invitation_signed_token
from tests.conftest import TODAY
from tests.factories import DossierFactory, NominationFactory


@pytest.fixture
def dossier(db, expertise):
    """An Irish draft: the lead of Ireland is responsible for it."""
    return DossierFactory(owner__country="IE", expertise=expertise)


@pytest.fixture
def nomination(db, expertise, employee):
    return NominationFactory(
        nominee_name="Niamh Nominee",
        nominee_email="niamh@example.org",
        nominee_country="IE",
        expertise=expertise,
        nominator=employee,
    )


# The queue -----------------------------------------------------------------
def test_queue_lead_of_nominee_country_sees_nomination(client, lead, nomination):
    client.force_login(lead)
    page = client.get(reverse("desks:lead")).content.decode()
    assert "Niamh Nominee" in page
    assert client.get(reverse("desks:nomination", kwargs={"pk": nomination.pk})).status_code == 200


def test_queue_other_lead_neither_sees_nor_acts(client, other_lead, lead, nomination):
    client.force_login(other_lead)
    assert "Niamh Nominee" not in client.get(reverse("desks:lead")).content.decode()
    assert client.get(reverse("desks:nomination", kwargs={"pk": nomination.pk})).status_code == 404
    response = client.post(reverse("desks:nomination-invite", kwargs={"pk": nomination.pk}))
    assert response.status_code == 404
    assert not Invitation.objects.exists()
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.SUBMITTED


def test_queue_program_admin_sees_countries_without_lead(client, program_admin, lead, expertise):
    NominationFactory(nominee_name="French Nominee", nominee_country="FR", expertise=expertise)
    NominationFactory(nominee_name="Irish Nominee", nominee_country="IE", expertise=expertise)
    client.force_login(program_admin)
    page = client.get(reverse("desks:lead")).content.decode()
    assert "French Nominee" in page
    assert "Irish Nominee" not in page  # Ireland has its lead


def test_queue_home_attention_for_lead(client, lead, nomination):
    client.force_login(lead)
    page = client.get(reverse("home")).content.decode()
    assert "Nominations to invite" in page


@pytest.mark.parametrize("size", [60, 300])
@pytest.mark.usefixtures("pages_drawn")  # the page drawn each time: what its kept reads save
def test_lead_desk_queries_do_not_grow(client, lead, expertise, django_assert_num_queries, size):
    """Past the desk's limit of 50 rows a list is cut and counted: the same queries at any size.
    The dossiers to review are counted once, then kept until a write the queue follows."""
    NominationFactory.create_batch(size, nominee_country="IE", expertise=expertise)
    dossiers = size // 5  # 12, then 60: past the limit
    for dossier in DossierFactory.create_batch(dossiers, owner__country="IE", expertise=expertise):
        Dossier.objects.filter(pk=dossier.pk).update(state="submitted", submitted_at=timezone.now())
    client.force_login(lead)
    with django_assert_num_queries(13 if dossiers > 50 else 12):  # the session comes from the cache
        page = client.get(reverse("desks:lead")).content.decode()
    assert f'Nominations to invite <span class="badge text-bg-primary">{size}</span>' in page
    assert f'Dossiers to review <span class="badge text-bg-primary">{dossiers}</span>' in page
    with django_assert_num_queries(8):  # the list's ids and total kept; the rows read by id
        again = client.get(reverse("desks:lead")).content.decode()
    assert f'Dossiers to review <span class="badge text-bg-primary">{dossiers}</span>' in again


def test_lead_desk_dossiers_to_review_follow_the_reviews(client, lead, evaluator, expertise):
    """The kept list of dossiers to review is read again after an assignment and a recommendation:
    a dossier with both leaves the desk at once."""
    dossier = DossierFactory(owner__country="IE", owner__display_name="Ronan Reviewme", expertise=expertise)
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    client.force_login(lead)
    assert "Ronan Reviewme" in client.get(reverse("desks:lead")).content.decode()
    evaluation_services.assignments_create(dossier_ids=[dossier.pk], evaluator_ids=[evaluator.pk], actor=lead)
    assert "Ronan Reviewme" in client.get(reverse("desks:lead")).content.decode()  # no recommendation yet
    evaluation_services.recommendation_save(dossier_id=dossier.pk, actor=lead, verdict="award", note="Fine work")
    assert "Ronan Reviewme" not in client.get(reverse("desks:lead")).content.decode()


# Inviting ----------------------------------------------------------------------
def test_invite_sends_signed_link_once(client, lead, nomination):
    client.force_login(lead)
    response = client.post(reverse("desks:nomination-invite", kwargs={"pk": nomination.pk}))
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.INVITED
    notice = Notice.objects.get(to_email="niamh@example.org")
    # The outbox keeps a reference, never the link (it is written in when the mail is sent).
    assert (notice.link_kind, notice.link_ref) == ("nominations.invitation", invitation.pk)
    assert invitation_signed_token(invitation).split(":")[0] not in notice.body_text + notice.body_html
    assert str(invitation.token) not in notice.body_text + notice.body_html + notice.key


# Returning a dossier ----------------------------------------------------------------
def test_return_view_by_lead_unlocks_with_message(client, dossier, lead):
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    client.force_login(lead)
    url = reverse("desks:dossier-return", kwargs={"pk": dossier.pk})
    response = client.post(url, {"message": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert client.post(url, {"message": "More detail on talks."}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.RETURNED and dossier.return_message == "More detail on talks."


def test_return_view_other_lead_404(client, dossier, lead, other_lead):
    dossier_submit(dossier_id=dossier.pk, actor=dossier.owner, today=TODAY)
    client.force_login(other_lead)
    url = reverse("desks:dossier-return", kwargs={"pk": dossier.pk})
    assert client.post(url, {"message": "x"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == Dossier.State.SUBMITTED


@pytest.mark.parametrize("supporters", [5, 100])
def test_nomination_detail_queries_do_not_grow(client, lead, expertise, django_assert_max_num_queries, supporters):
    from nominations.services import invitation_send
    from tests.factories import NominationFactory, NominationSupportFactory

    nomination = NominationFactory(nominee_country="IE", expertise=expertise)
    NominationSupportFactory.create_batch(supporters, nomination=nomination)
    for _ in range(3):
        invitation_send(nomination_id=nomination.pk, actor=lead)
    client.force_login(lead)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("desks:nomination", kwargs={"pk": nomination.pk}))
    assert response.content.decode().count("Sent ") == 3
