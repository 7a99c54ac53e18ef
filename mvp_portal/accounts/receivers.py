"""Sign-in events from Django's and django-axes's signals into the security log.

Only recording happens here (no rules): connected in ``AccountsConfig.ready``.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .models import SecurityEvent
from .services import security_event_record
from .signin import login_username


def _signed_in(sender, request, user, **kwargs) -> None:
    from .two_factor import SESSION_OPTED_IN, has_device

    security_event_record(kind=SecurityEvent.Kind.SIGN_IN, request=request, user=user)
    if request is not None and hasattr(request, "session"):
        # Whether this person opted in to two-factor, read once per session (staff always need it).
        request.session[SESSION_OPTED_IN] = has_device(user)


def _signed_out(sender, request, user, **kwargs) -> None:
    security_event_record(kind=SecurityEvent.Kind.SIGN_OUT, request=request, user=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username") if isinstance(credentials, dict) else ""
    security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED, request=request, username=login_username(username or "")
    )


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="accounts.security.signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="accounts.security.signed_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="accounts.security.sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.security.locked_out")
