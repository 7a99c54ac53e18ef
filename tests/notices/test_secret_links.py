"""The outbox holds no live secret: password-reset and invitation links are
written into the e-mail when it is sent, from a reference kept in the notice."""

import re

import pytest
from django.urls import reverse

from mvp_portal.notices.models import Notice
from nominations.services import invitation_send
from tests.factories import NominationFactory
from tests.support.smtp import text_body


@pytest.fixture
def smtp_mail(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp_server.inbox


def notice_text(notice: Notice) -> str:
    """Everything a notice row holds that a person with the admin could read."""
    return " ".join(
        str(getattr(notice, field.attname)) for field in Notice._meta.concrete_fields if field.attname != "id"
    )


def link_in(message, path_part: str) -> str:
    links = [link for link in re.findall(r"https?://\S+", text_body(message)) if path_part in link]
    assert links, text_body(message)
    return links[0]


def test_reset_link_is_not_in_the_outbox_yet_the_mail_carries_a_working_one(
    client, outsider, smtp_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": outsider.email})
    message = smtp_mail.wait_for(lambda m: outsider.email in str(m["To"]))[0]
    link = link_in(message, "/accounts/password-reset/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    uid = link.rstrip("/").rsplit("/", 2)[-2]
    notice = Notice.objects.get(recipient=outsider)
    assert notice.state == Notice.State.SENT
    stored = notice_text(notice)
    assert token not in stored and "password-reset/" + uid not in stored
    assert token not in str(message["X-Notice-Key"])
    # The link works: it leads to the form to choose a new password.
    page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "Choose a new password" in page.content.decode()
    new_password = "a brand new passphrase 42"
    client.post(page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    outsider.refresh_from_db()
    assert outsider.check_password(new_password)


def test_invitation_link_is_not_in_the_outbox_yet_the_mail_carries_a_working_one(
    client, lead, expertise, smtp_mail, django_capture_on_commit_callbacks
):
    nomination = NominationFactory(nominee_country="IE", expertise=expertise, nominee_email="niamh@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(nomination_id=nomination.pk, actor=lead)
    message = smtp_mail.wait_for(lambda m: "niamh@example.org" in str(m["To"]))[0]
    link = link_in(message, "/nominations/invitation/")
    signed = link.rstrip("/").rsplit("/", 1)[-1]
    notice = Notice.objects.get(to_email="niamh@example.org")
    stored = notice_text(notice)
    assert signed not in stored
    assert str(nomination.invitations.get().token) not in stored
    page = client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert "You were nominated" in page.content.decode()


def test_links_stored_before_the_change_are_redacted_and_unsent_ones_cancelled(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mvp_portal.notices.migrations.0004_redact_stored_links")
    common = {"to_email": "x@example.org", "subject": "Reset", "template": "accounts/emails/password_reset"}
    sent = Notice.objects.create(
        key="password-reset:1:abc-token", body_text="http://x/reset/MQ/abc-token/", state="sent", **common
    )
    queued = Notice.objects.create(key="password-reset:1:def-token", body_text="http://x/reset/MQ/def-token/", **common)
    other = Notice.objects.create(key="other", body_text="keep me", to_email="x@example.org", subject="s", template="t")
    migration.redact(apps, None)
    sent.refresh_from_db(), queued.refresh_from_db(), other.refresh_from_db()
    assert "token" not in notice_text(sent) + notice_text(queued)
    assert (sent.state, queued.state) == ("sent", "cancelled")
    assert other.body_text == "keep me"
