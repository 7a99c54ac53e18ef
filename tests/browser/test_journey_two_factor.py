"""Journey: an MVP lead sets up two-factor authentication, signs in with a code from the
app, then with a recovery code, which then no longer works."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mvp_portal.accounts.roles import Role
from mvp_portal.accounts.two_factor import totp_secret
from tests.factories import TEST_PASSWORD, RegionFactory, UserFactory
from tests.support.totp import code_for, code_from_secret

pytestmark = pytest.mark.browser


def password_step(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.get_by_role("navigation").get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_lead_enrols_signs_in_with_a_code_and_with_a_recovery_code_used_once(page, shoot):
    lead = UserFactory(display_name="Lena Lead", email="lead@example.org", roles=[Role.MVP_LEAD, Role.EMPLOYEE])
    RegionFactory(name="UK and Ireland", countries=["IE", "GB"], leads=[lead])

    # First sign-in: the password, then straight to the set-up page (staff must have a device).
    password_step(page, lead.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    shoot(page, "setup")

    # "Scan": the app computes the code from the key shown on the page.
    page.get_by_label("Code").fill(code_from_secret(secret))
    page.get_by_role("button", name="Confirm and turn on").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is on")).to_be_visible()
    codes = page.locator(".recovery-code").all_inner_texts()
    assert len(codes) == 10
    shoot(page, "recovery-codes")
    device = TOTPDevice.objects.get(user=lead, confirmed=True)
    assert totp_secret(device) == secret  # the key on the page is the device's
    page.get_by_role("link", name="I have kept them: continue").click()
    page.goto("/desk/lead/")
    expect(page.get_by_role("heading", name="Waiting on me")).to_be_visible()

    # Sign out; sign in again: the password, then a code from the app.
    sign_out(page)
    password_step(page, lead.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    shoot(page, "code-page")
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Lena Lead")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"two-factor"))

    # Sign out; sign in with a recovery code instead (a lost phone).
    sign_out(page)
    password_step(page, lead.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code: 9 left")).to_be_visible()
    shoot(page, "signed-in-with-recovery-code")

    # That recovery code is used up.
    sign_out(page)
    password_step(page, lead.email)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code does not work").last).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    shoot(page, "recovery-code-refused")
