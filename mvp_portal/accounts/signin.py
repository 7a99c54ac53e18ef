"""Sign-in protection: who is signing in (one spelling of the address) and from where.

django-axes counts failures per (username, client address). Both are computed
here and only here: ``axes_username`` gives the address in the one form the
portal stores (``UserManager.normalize_email``), so ``Employee2@…`` and
``employee2@…`` are one account to the lockout as they are to the sign-in;
``client_address`` gives the client's address behind ``TRUSTED_PROXY_COUNT``
reverse proxies (the security event log uses it too).
"""

from datetime import timedelta

from django.conf import settings
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from python_ipware import IpWare

from .managers import UserManager


def login_username(value: str | None) -> str:
    """The address as the portal stores it: stripped and lower-case."""
    return UserManager.normalize_email(value)


def axes_username(request, credentials: dict | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: the normalised address from the credentials or the POST."""
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials if credentials else getattr(request, "data", None) or getattr(request, "POST", {})
    value = source.get(field) if hasattr(source, "get") else None
    return login_username(value if isinstance(value, str) else None)


def client_address(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client's address.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) that is the socket's
    ``REMOTE_ADDR``, and an ``X-Forwarded-For`` sent by anyone is ignored.
    Behind N reverse proxies that each append the address they received the
    request from (nginx's ``$proxy_add_x_forwarded_for``, most load balancers),
    the client is the N-th entry of ``X-Forwarded-For`` counted from the right:
    entries further left were sent by the client and prove nothing.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    # python-ipware's proxy_count counts the proxies *listed* in the header; the
    # last proxy is REMOTE_ADDR and is not listed, hence count - 1.
    resolver = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=count - 1)
    address, _trusted = resolver.get_client_ip(request.META, strict=False)
    return str(address) if address is not None else remote


def duration_words(delta: timedelta) -> str:
    """``timedelta(minutes=15)`` → "15 minutes"; "2 hours and 30 minutes"."""
    seconds = int(delta.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    parts = [
        ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days else "",
        ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} if hours else "",
        ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes} if minutes else "",
        ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds} if seconds else "",
    ]
    parts = [part for part in parts if part]
    return str(get_text_list(parts, _("and"))) if parts else _("a moment")
