"""Two-factor authentication: required for staff before any page and the admin,
opt-in for nominees and MVPs; TOTP codes and single-use recovery codes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mvp_portal.accounts.models import SecurityEvent
from mvp_portal.accounts.two_factor import two_factor_required
from tests.factories import TEST_PASSWORD
from tests.support.totp import code_for, code_from_secret

Kind = SecurityEvent.Kind
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")


def enrol(client) -> list[str]:
    page = client.get(SETUP).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    response = client.post(SETUP, {"code": code_from_secret(secret)})
    assert response.status_code == 200
    return re.findall(r'class="recovery-code">([a-z2-7]{5}-[a-z2-7]{5})<', response.content.decode())


def sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD})


def test_staff_roles_need_two_factor_and_others_do_not(lead, employee, program_admin, mvp, nominee):
    assert all(two_factor_required(person) for person in (lead, employee, program_admin))
    assert not any(two_factor_required(person) for person in (mvp, nominee))


# Refused until verified ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        reverse("desks:lead"),
        reverse("desks:dossier-list"),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("home"),
    ],
)
def test_unverified_staff_session_is_refused_on_staff_pages_and_the_admin(client, program_admin, lead, url):
    client.force_login(program_admin, verified=False)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(SETUP) and "next=" in response.url  # no device yet: set one up
    TOTPDevice.objects.create(user=program_admin, name="phone", confirmed=True)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_verified_staff_session_reaches_staff_pages(client, lead):
    client.force_login(lead)
    assert client.get(reverse("desks:lead")).status_code == 200


def test_nominee_without_two_factor_is_not_asked(client, nominee):
    client.force_login(nominee, verified=False)
    assert client.get(reverse("nominations:dossier-list")).status_code == 200


# Enrolment, sign-in with a code, recovery codes -------------------------------------------------
def test_lead_enrols_then_signs_in_with_a_code_then_with_a_recovery_code_used_once(client, lead, clock):
    assert sign_in(client, lead).status_code == 302
    first = client.get(reverse("desks:lead"))
    assert first.url.startswith(SETUP)
    page = client.get(first.url).content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    device = TOTPDevice.objects.get(user=lead, confirmed=True)
    # Codes are stored as digests: the table holds no usable code.
    stored = set(StaticToken.objects.filter(device__user=lead).values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
    assert client.get(reverse("desks:lead")).status_code == 200

    client.post(reverse("accounts:logout"))
    sign_in(client, lead)
    assert client.get(reverse("desks:lead")).url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_for(device), "next": reverse("desks:lead")})
    assert response.status_code == 302 and response.url == reverse("desks:lead")
    assert client.get(response.url).status_code == 200

    client.post(reverse("accounts:logout"))
    sign_in(client, lead)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("desks:lead")).status_code == 200
    client.post(reverse("accounts:logout"))
    sign_in(client, lead)
    clock.move_to(timezone.now() + timedelta(minutes=1))
    refused = client.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 200 and "does not work" in refused.content.decode()
    kinds = list(SecurityEvent.objects.filter(user=lead).values_list("kind", flat=True))
    for kind in (
        Kind.TWO_FACTOR_ENROLLED,
        Kind.TWO_FACTOR_VERIFIED,
        Kind.TWO_FACTOR_RECOVERY_USED,
        Kind.TWO_FACTOR_FAILED,
    ):
        assert kind in kinds


def test_a_wrong_first_code_does_not_turn_it_on(client, lead):
    client.force_login(lead, verified=False)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert "does not match" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()


def test_setup_cannot_replace_a_device_without_its_code(client, lead):
    TOTPDevice.objects.create(user=lead, name="phone", confirmed=True)
    client.force_login(lead, verified=False)
    response = client.get(SETUP)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.filter(user=lead).count() == 1


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(client, lead, clock):
    client.force_login(lead, verified=False)
    old = enrol(client)
    device = TOTPDevice.objects.get(user=lead, confirmed=True)
    url = reverse("accounts:two-factor-recovery-codes")
    assert client.post(url, {"code": old[0]}).status_code == 200  # a recovery code does not re-authenticate here
    response = client.post(url, {"code": code_for(device)})
    new = re.findall(r'class="recovery-code">([a-z2-7]{5}-[a-z2-7]{5})<', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("accounts:logout"))
    sign_in(client, lead)
    clock.move_to(timezone.now() + timedelta(minutes=1))
    assert client.post(VERIFY, {"code": old[1]}).status_code == 200  # refused
    clock.move_to(timezone.now() + timedelta(minutes=3))
    assert client.post(VERIFY, {"code": new[1]}).status_code == 302


def test_removing_the_device_needs_a_code_and_staff_set_up_a_new_one(client, lead, clock):
    client.force_login(lead, verified=False)
    codes = enrol(client)
    url = reverse("accounts:two-factor-remove")
    response = client.post(url, {"code": "999999"})
    assert response.status_code == 200 and TOTPDevice.objects.filter(user=lead).exists()
    clock.move_to(timezone.now() + timedelta(minutes=1))
    response = client.post(url, {"code": codes[3]})
    assert response.status_code == 302 and response.url == SETUP
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()
    assert client.get(reverse("desks:lead")).url.startswith(SETUP)
    assert SecurityEvent.objects.filter(kind=Kind.TWO_FACTOR_REMOVED, user=lead).exists()


def test_an_mvp_opts_in_from_the_profile_and_is_then_asked_for_a_code(client, mvp):
    client.force_login(mvp, verified=False)
    profile = client.get(reverse("accounts:profile-edit")).content.decode()
    assert reverse("accounts:two-factor") in profile
    enrol(client)
    client.post(reverse("accounts:logout"))
    sign_in(client, mvp)
    response = client.get(reverse("nominations:dossier-list"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
