"""Invitations and claiming them (inviting from the lead desk: tests/desks)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mvp_portal.notices.models import Notice
from nominations.models import Dossier, Invitation, Nomination
from nominations.services import invitation_send, invitation_signed_token
from tests.conftest import TODAY
from tests.factories import NominationFactory, UserFactory

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def nomination(db, expertise, employee):
    return NominationFactory(
        nominee_name="Niamh Nominee",
        nominee_email="niamh@example.org",
        nominee_country="IE",
        expertise=expertise,
        nominator=employee,
    )


def claim_url(signed: str) -> str:
    return reverse("nominations:invitation-claim", kwargs={"signed": signed})


def invite(nomination, lead) -> str:
    return invitation_signed_token(invitation_send(nomination_id=nomination.pk, actor=lead))


# Claiming ----------------------------------------------------------------------
def test_claim_valid_link_new_person_signs_in_and_opens_new_dossier(client, lead, nomination, expertise):
    signed = invite(nomination, lead)
    page = client.get(claim_url(signed)).content.decode()
    assert "Create my account" in page
    response = client.post(
        claim_url(signed), {"display_name": "Niamh N.", "password1": PASSWORD, "password2": PASSWORD}
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "nominations:dossier-edit", kwargs={"pk": dossier.pk}
    )
    user = dossier.owner
    assert user.email == "niamh@example.org" and user.display_name == "Niamh N." and str(user.country) == "IE"
    assert user.check_password(PASSWORD)
    assert dossier.kind == Dossier.Kind.NEW and dossier.state == Dossier.State.DRAFT
    assert dossier.award_date == date(2027, 4, 1)  # the 2027-01-01 deadline (2026-11-20) has passed
    assert dossier.period_end == TODAY and dossier.period_start == date(2025, 11, 29)
    assert dossier.expertise == expertise and dossier.nomination == nomination
    nomination.refresh_from_db()
    assert nomination.state == Nomination.State.CLAIMED and nomination.nominee == user
    # signed in: the editor opens
    assert client.get(response.url).status_code == 200


def test_claim_valid_link_works_once(client, lead, nomination):
    signed = invite(nomination, lead)
    client.post(claim_url(signed), {"display_name": "Niamh", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(claim_url(signed))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert Dossier.objects.count() == 1


def test_claim_weak_password_refused_next_to_field(client, lead, nomination):
    signed = invite(nomination, lead)
    response = client.post(claim_url(signed), {"display_name": "Niamh", "password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert "Niamh" in response.content.decode()
    assert not Dossier.objects.exists()
    assert Invitation.objects.get().used_at is None


def test_claim_existing_account_attaches_after_sign_in(client, lead, nomination):
    person = UserFactory(email="niamh@example.org", display_name="Niamh Existing")
    signed = invite(nomination, lead)
    page = client.get(claim_url(signed)).content.decode()
    assert "Sign in" in page and "Create my account" not in page
    # a forged POST without signing in creates nothing
    client.post(claim_url(signed), {"display_name": "X", "password1": PASSWORD, "password2": PASSWORD})
    assert not Dossier.objects.exists()
    client.force_login(person)
    response = client.post(claim_url(signed))
    assert response.status_code == 302
    assert Dossier.objects.get().owner == person
    nomination.refresh_from_db()
    assert nomination.nominee == person


def test_claim_expired_link_explains_and_offers_new(client, lead, nomination, clock):
    clock.move_to(timezone.now() - timedelta(days=31))
    signed = invite(nomination, lead)
    clock.move_to(timezone.now() + timedelta(days=31))
    response = client.get(claim_url(signed))
    assert response.status_code == 410
    page = response.content.decode()
    assert "expired" in page and "30 days" in page
    assert "Ask my MVP lead for a new link" in page
    assert client.post(claim_url(signed), {"display_name": "N", "password1": PASSWORD, "password2": PASSWORD})
    assert not Dossier.objects.exists()
    # the button tells the lead
    response = client.post(reverse("nominations:invitation-request-new", kwargs={"signed": signed}))
    assert response.status_code == 200
    notice = Notice.objects.get(template="nominations/emails/invitation_request")
    assert notice.to_email == lead.email
    assert "Niamh Nominee" in notice.subject


def test_claim_link_valid_just_before_thirty_days(client, lead, nomination, clock):
    clock.move_to(timezone.now() - timedelta(days=29))
    signed = invite(nomination, lead)
    clock.move_to(timezone.now() + timedelta(days=29))
    assert client.get(claim_url(signed)).status_code == 200


def test_claim_tampered_link_refused(client, lead, nomination):
    signed = invite(nomination, lead)
    tampered = signed[:-3] + ("AAA" if not signed.endswith("AAA") else "BBB")
    response = client.get(claim_url(tampered))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    response = client.post(claim_url(tampered), {"display_name": "N", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_claim_link_signed_with_other_salt_refused(client, lead, nomination):
    from django.core import signing

    invitation = invitation_send(nomination_id=nomination.pk, actor=lead)
    forged = signing.dumps(str(invitation.token), salt="something-else")
    assert client.get(claim_url(forged)).status_code == 400


def test_claim_reused_after_new_invitation_explains(client, lead, nomination):
    first = invite(nomination, lead)
    second = invite(nomination, lead)
    client.post(claim_url(second), {"display_name": "Niamh", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(claim_url(first))
    assert response.status_code == 410
    assert "no longer waiting" in response.content.decode() or "claimed" in response.content.decode()


# Only the invited address may claim ----------------------------------------------
def test_claim_signed_in_as_another_account_is_told_to_sign_out_and_claims_nothing(client, lead, nomination):
    stranger = UserFactory(email="someone.else@example.org", display_name="Sam Someone")
    signed = invite(nomination, lead)
    client.force_login(stranger)
    response = client.get(claim_url(signed))
    assert response.status_code == 403
    page = response.content.decode()
    assert "someone.else@example.org" in page and "Sign out" in page
    assert "Attach and open my dossier" not in page
    response = client.post(claim_url(signed))
    assert response.status_code == 403
    assert not Dossier.objects.exists()
    invitation = Invitation.objects.get()
    assert invitation.used_at is None
    nomination.refresh_from_db()
    assert nomination.nominee is None and nomination.state == Nomination.State.INVITED


def test_claim_signed_in_staff_or_nominator_cannot_take_the_invitation(client, lead, nomination, employee):
    signed = invite(nomination, lead)
    for person in (lead, employee):
        client.force_login(person)
        assert client.post(claim_url(signed)).status_code == 403
    assert not Dossier.objects.exists()


def test_claim_service_refuses_an_account_with_another_address(lead, nomination):
    from django.core.exceptions import PermissionDenied

    from nominations.services import invitation_claim

    invitation = invitation_send(nomination_id=nomination.pk, actor=lead)
    stranger = UserFactory(email="niamh+alias@example.org")
    with pytest.raises(PermissionDenied):
        invitation_claim(invitation_id=invitation.pk, today=TODAY, user=stranger)
    assert not Dossier.objects.exists()


def test_new_invitation_revokes_the_earlier_links(client, lead, nomination):
    first = invite(nomination, lead)
    second = invite(nomination, lead)
    response = client.get(claim_url(first))
    assert response.status_code == 410
    assert "This invitation link cannot be used" in response.content.decode()
    response = client.post(claim_url(first), {"display_name": "Mallory", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert not Dossier.objects.exists()
    assert not UserFactory._meta.model.objects.filter(email="niamh@example.org").exists()
    client.force_login(lead)
    detail = client.get(reverse("desks:nomination", kwargs={"pk": nomination.pk})).content.decode()
    assert "replaced by a newer invitation" in detail
    client.logout()
    # The newest link still works.
    response = client.post(claim_url(second), {"display_name": "Niamh", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert Dossier.objects.get().owner.email == "niamh@example.org"
