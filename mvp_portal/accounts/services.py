"""Writes of the accounts kernel that are more than a form save."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mvp_portal.notices.services import NoticeLink, notice_enqueue

from .models import User

PASSWORD_RESET_LINK = "accounts.password-reset"  # noqa: S105 (a link kind, not a secret)


def password_reset_link(user_id: int) -> str | None:
    """The reset link of an active account, made now (the outbox stores none)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def password_reset_send(*, user: User) -> None:
    """Queue the reset e-mail; its link is written in when it is sent."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S.%f")
    notice_enqueue(
        key=f"accounts:password-reset:{user.pk}:{stamp}",
        to=user,
        template="accounts/emails/password_reset",
        context={"user": user},
        link=NoticeLink(PASSWORD_RESET_LINK, user.pk),
    )
