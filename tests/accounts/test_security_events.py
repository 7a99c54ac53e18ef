"""The security event log: who did what, from where, kept one year, read-only in the admin."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from mvp_portal.accounts.models import SecurityEvent
from mvp_portal.accounts.services import security_event_record, security_events_purge
from tests.conftest import TODAY
from tests.factories import TEST_PASSWORD, UserFactory

Kind = SecurityEvent.Kind
NOON = datetime.combine(TODAY, time(12), tzinfo=UTC)
BROWSER = {"REMOTE_ADDR": "198.51.100.7", "HTTP_USER_AGENT": "Firefox/140 (test)"}


def sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **BROWSER)


def test_sign_in_and_sign_out_are_recorded_with_address_and_browser(client, outsider):
    assert sign_in(client, outsider.email.upper(), TEST_PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"), **BROWSER)
    events = list(SecurityEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == [Kind.SIGN_IN, Kind.SIGN_OUT]
    assert all(e.user == outsider for e in events)
    assert events[0].client_address == "198.51.100.7" and events[0].user_agent == "Firefox/140 (test)"


def test_failures_and_the_lockout_are_recorded_under_one_spelling(client, outsider, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(client, outsider.email.upper(), "wrong password!!")
    sign_in(client, outsider.email, "wrong password!!")
    failures = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED)
    assert failures.count() == 2
    assert set(failures.values_list("username", flat=True)) == {outsider.email}
    assert SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT, username=outsider.email).count() == 1


def test_password_reset_requested_and_completed_are_recorded(client, outsider, mailoutbox):
    client.post(reverse("accounts:password-reset"), {"email": outsider.email}, **BROWSER)
    requested = SecurityEvent.objects.get(kind=Kind.PASSWORD_RESET_REQUESTED)
    assert requested.user == outsider and requested.username == outsider.email
    from mvp_portal.accounts.services import password_reset_link

    form_page = client.get(password_reset_link(outsider.pk).removeprefix("http://testserver"), follow=True)
    new = "a brand new passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, **BROWSER)
    assert SecurityEvent.objects.get(kind=Kind.PASSWORD_RESET_COMPLETED).user == outsider


def test_export_download_is_recorded(client, program_admin):
    client.force_login(program_admin)
    response = client.get(reverse("desks:export"), {"award_date": "2027-01-01"}, **BROWSER)
    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=Kind.EXPORT_DOWNLOADED)
    assert event.user == program_admin
    assert event.details["name"] == "dossiers-2027-01-01.csv"


def test_program_admins_read_the_log_in_the_admin_and_nobody_edits_it(client, program_admin, outsider):
    event = security_event_record(kind=Kind.SIGN_IN, user=outsider)
    client.force_login(program_admin)
    changelist = client.get(reverse("admin:accounts_securityevent_changelist"))
    assert changelist.status_code == 200
    assert outsider.email in changelist.content.decode()
    change_url = reverse("admin:accounts_securityevent_change", args=[event.pk])
    assert client.get(change_url).status_code == 200  # view only
    client.post(change_url, {"kind": Kind.LOCKED_OUT})
    assert (
        client.post(reverse("admin:accounts_securityevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    assert client.get(reverse("admin:accounts_securityevent_add")).status_code == 403
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert (
        client.post(reverse("admin:accounts_securityevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    )
    event.refresh_from_db()
    assert event.kind == Kind.SIGN_IN


def test_events_are_kept_one_year(db, outsider):
    old = security_event_record(kind=Kind.SIGN_IN, user=outsider)
    kept = security_event_record(kind=Kind.SIGN_IN, user=outsider)
    SecurityEvent.objects.filter(pk=old.pk).update(created_at=NOON - timedelta(days=366))
    SecurityEvent.objects.filter(pk=kept.pk).update(created_at=NOON - timedelta(days=364))
    assert security_events_purge(today=TODAY) == 1
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_purge_command_takes_a_date(db, outsider):
    event = security_event_record(kind=Kind.SIGN_IN, user=outsider)
    SecurityEvent.objects.filter(pk=event.pk).update(created_at=NOON - timedelta(days=200))
    call_command("purge_security_events", "--date", (TODAY + timedelta(days=200)).isoformat())
    assert not SecurityEvent.objects.exists()


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_label(kind):
    assert Kind(kind).label
