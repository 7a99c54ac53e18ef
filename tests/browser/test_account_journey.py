"""Journey 0, on the foundation: forgot password → e-mail → new password → sign in → profile."""

import re

import pytest
from playwright.sync_api import expect

from mvp_portal.accounts.models import OnlineIdentity
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a new passphrase for spring 2027"


def test_account_holder_resets_password_signs_in_and_edits_profile(page, mail, shoot, sign_in):
    person = UserFactory(display_name="Aoife Byrne", email="aoife@example.org")

    # Forgot the password: from the home page to the reset form.
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    shoot(page, "sign-in")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("Aoife@Example.org")
    shoot(page, "password-reset")
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_url(re.compile(r"/accounts/password-reset/sent/$"))
    shoot(page, "password-reset-sent")

    # The e-mail arrives over SMTP; the browser follows its link.
    link = mail.link_to(person.email, "/accounts/password-reset/")
    assert link.startswith(page.base)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password").first.fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    shoot(page, "choose-password")
    page.get_by_role("button", name="Save the password").click()
    expect(page).to_have_url(re.compile(r"/accounts/password-reset/done/$"))

    # The old link works once only.
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()

    # Signs in with the new password.
    sign_in(page, person.email, NEW_PASSWORD)
    expect(page.get_by_role("navigation").get_by_role("link", name="Aoife Byrne")).to_be_visible()
    shoot(page, "home-signed-in")

    # Edits the profile; the first submission fails validation and keeps what was typed.
    page.get_by_role("navigation").get_by_role("link", name="Aoife Byrne").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    page.get_by_label("Display name").fill("")
    page.get_by_label("Headline").fill("Azure Stack HCI in the field")
    page.get_by_label("Biography").fill("Runs the Cork cloud user group and blogs weekly.")
    page.get_by_label("Country").select_option("IE")
    page.get_by_label("Kind").first.select_option("github")
    page.get_by_label("Url").first.fill("not a link")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("This field is required.").last).to_be_visible()
    expect(page.get_by_text("Enter a valid URL.").last).to_be_visible()
    expect(page.get_by_label("Headline")).to_have_value("Azure Stack HCI in the field")
    expect(page.get_by_label("Biography")).to_have_value("Runs the Cork cloud user group and blogs weekly.")
    expect(page.get_by_label("Url").first).to_have_value("not a link")
    shoot(page, "profile-errors")
    person.refresh_from_db()
    assert person.headline == ""

    page.get_by_label("Display name").fill("Aoife Byrne-Walsh")
    page.get_by_label("Url").first.fill("https://github.com/aoife")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("Headline")).to_have_value("Azure Stack HCI in the field")
    shoot(page, "profile")

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert (person.display_name, person.headline, person.country.code) == (
        "Aoife Byrne-Walsh",
        "Azure Stack HCI in the field",
        "IE",
    )
    assert list(OnlineIdentity.objects.filter(user=person).values_list("kind", "url")) == [
        ("github", "https://github.com/aoife")
    ]
