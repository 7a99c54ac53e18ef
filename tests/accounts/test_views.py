from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mvp_portal.notices.models import Notice
from tests.factories import TEST_PASSWORD, LanguageFactory


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_sign_in_with_email_in_any_case(client, outsider):
    response = sign_in(client, outsider.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == outsider


def test_failed_sign_in_says_so_and_keeps_the_email(client, outsider):
    response = sign_in(client, outsider.email, "wrong password!!")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert f'value="{outsider.email}"' in response.content.decode()


def test_lockout_after_the_failure_limit_then_lifted_after_cool_off(client, outsider, settings, clock):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    start = timezone.now()
    clock.move_to(start)
    for _ in range(3):
        sign_in(client, outsider.email, "wrong password!!")
    locked = sign_in(client, outsider.email, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    clock.move_to(start + timedelta(minutes=14))
    assert sign_in(client, outsider.email, TEST_PASSWORD).status_code == 429
    clock.move_to(start + timedelta(minutes=16))
    response = sign_in(client, outsider.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile-edit"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_profile_edit_saves_own_profile_and_identities(client, outsider):
    language = LanguageFactory(code="ga", name="Irish")
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga O'Brien",
            "country": "IE",
            "languages": [language.pk],
            "headline": "Hyper-V in the field",
            "biography": "Runs the Dublin user group.",
            "time_zone": "Europe/Dublin",
            "show_in_directory": "on",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-kind": "github",
            "identities-0-url": "https://github.com/olga",
        },
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.display_name == "Olga O'Brien"
    assert outsider.headline == "Hyper-V in the field"
    assert list(outsider.languages.all()) == [language]
    assert outsider.online_identities.get().url == "https://github.com/olga"


def test_profile_edit_errors_keep_what_was_typed(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "",
            "headline": "Kept headline",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-kind": "github",
            "identities-0-url": "not a url",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kept headline" in page
    assert "not a url" in page
    assert "Enter a valid URL" in page
    assert "This field is required" in page
    outsider.refresh_from_db()
    assert outsider.headline == ""


def test_password_reset_goes_through_the_outbox_and_works_once(
    client, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": outsider.email})
    notice = Notice.objects.get(recipient=outsider)
    assert notice.state == Notice.State.SENT
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [outsider.email]
    # The outbox holds no link; the mail as sent does.
    assert "http://testserver/accounts/password-reset/" not in notice.body_text
    link = next(line for line in mailoutbox[0].body.splitlines() if line.startswith("http://testserver/"))
    form_page = client.get(link.removeprefix("http://testserver"), follow=True)
    new_password = "a brand new passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    outsider.refresh_from_db()
    assert outsider.check_password(new_password)
    again = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "This link no longer works" in again.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client, db, mailoutbox):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("user_fixture", ["outsider", "program_admin"])
def test_navigation_shows_administration_only_to_program_admins(client, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert ("Administration" in page) is (user_fixture == "program_admin")


def test_profile_refuses_a_link_already_saved_and_keeps_the_form(client, outsider):
    from mvp_portal.accounts.models import OnlineIdentity
    from tests.factories import OnlineIdentityFactory

    # Another tab already saved this link; this older page adds it again.
    OnlineIdentityFactory(user=outsider, kind=OnlineIdentity.Kind.GITHUB, url="https://github.com/olga")
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga Outsider",
            "headline": "Typed headline",
            "identities-TOTAL_FORMS": "1",
            "identities-INITIAL_FORMS": "0",
            "identities-0-kind": "github",
            "identities-0-url": "https://github.com/olga",
        },
    )
    assert response.status_code == 200
    assert "This link is already in your profile." in response.content.decode()
    assert "Typed headline" in response.content.decode()
    assert OnlineIdentity.objects.filter(user=outsider).count() == 1


def test_profile_time_zone_must_be_a_real_zone(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("accounts:profile-edit"),
        {
            "display_name": "Olga",
            "time_zone": "Mars/Olympus",
            "identities-TOTAL_FORMS": "0",
            "identities-INITIAL_FORMS": "0",
        },
    )
    assert "Choose a time zone from the list" in response.content.decode()
    assert 'value="Mars/Olympus"' in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.time_zone == ""


def test_profile_languages_that_are_not_ids_are_refused_not_a_500(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("accounts:profile-edit"), {"display_name": "Olga", "languages": ["²"]})
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()
