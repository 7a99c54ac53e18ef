"""Writes of the accounts kernel that are more than a form save."""

import hashlib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mvp_portal.notices.services import NoticeLink, notice_enqueue

from .emails import canonical_email
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


RESET_RATE_WINDOW = 3600  # seconds


def _rate_count(key: str) -> int:
    """Add one to a counter that lives for one window from its first use."""
    if cache.add(key, 1, timeout=RESET_RATE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=RESET_RATE_WINDOW)
        return 1


def password_reset_rate_allows(*, email: str, client: str | None) -> bool:
    """Whether one more reset request is allowed: at most
    ``PASSWORD_RESET_RATE_LIMIT`` an hour per address (whether or not it has an
    account, so the answer reveals nothing) and per client address. Every
    request counts, refused ones too."""
    limit = settings.PASSWORD_RESET_RATE_LIMIT
    digest = hashlib.sha256(canonical_email(email).encode()).hexdigest()
    per_address = _rate_count(f"accounts:reset-rate:address:{digest}")
    per_client = _rate_count(f"accounts:reset-rate:client:{client or 'unknown'}")
    return per_address <= limit and per_client <= limit
