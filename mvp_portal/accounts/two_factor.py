"""Two-factor sign-in with django-otp: a TOTP device (an authenticator app) and
ten single-use recovery codes.

Staff (employees, MVP leads, program admins, anyone with admin access) must
have a device and use it at every sign-in; nominees and MVPs may opt in from
their profile, and are then asked for a code too. Recovery codes are kept as
keyed hashes (``StaticToken.token`` holds a digest, never the code), so the
database alone does not hold a usable one; the TOTP key is kept as
django-otp keeps it (it must be read to check a code) and is never shown again
after enrolment.
"""

import base64
import secrets

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent
from .roles import Role, role_names
from .services import security_event_record

RECOVERY_CODE_COUNT = 10
RECOVERY_SALT = "mvp_portal.accounts.two_factor.recovery-code"
# The session remembers whether a non-staff person opted in (checked at sign-in).
SESSION_OPTED_IN = "accounts_two_factor_opted_in"


def two_factor_required(user) -> bool:
    """Staff (any role, or access to the admin) must use two-factor authentication.

    Reads the roles once per user object (``roles.role_names``, which the
    navigation reads anyway): no query of its own on a page."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or role_names(user) & set(Role.values))


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_start(*, user) -> TOTPDevice:
    """The device being set up: the same secret while the page is reloaded."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` link as an SVG QR code in a data: URI (drawn here, no CDN)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _digest(code: str) -> str:
    normal = "".join(code.split()).replace("-", "").lower()
    return salted_hmac(RECOVERY_SALT, normal, algorithm="sha256").hexdigest()[:16]


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()[:10]
        codes.append(f"{raw[:5]}-{raw[5:]}")
    StaticToken.objects.bulk_create(StaticToken(device=device, token=_digest(code)) for code in codes)
    return codes


def _totp_matches(user, code: str) -> TOTPDevice | None:
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return None
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    return None


def _recovery_matches(user, code: str) -> StaticDevice | None:
    for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if device.verify_token(_digest(code)):  # a match is deleted: each code works once
            return device
    return None


@transaction.atomic
def two_factor_enrol(*, user, code: str, request=None) -> list[str]:
    """Confirm the device being set up with a first code; returns the ten
    recovery codes, to be shown once. Raises ``ValidationError`` on a wrong code."""
    if has_device(user):
        raise ValidationError(_("Two-factor authentication is already set up: remove it first to replace it."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    code = "".join((code or "").split())
    if device is None or not (code.isascii() and code.isdigit()) or not device.verify_token(code):
        raise ValidationError({"code": _("That code does not match: type the 6 digits your app shows now.")})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _new_recovery_codes(user)
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_ENROLLED, request=request, user=user)
    return codes


@transaction.atomic
def two_factor_verify(*, user, code: str, request=None):
    """The device that accepts ``code`` (a 6-digit code, or a recovery code which
    is then used up), or None. Every outcome goes to the security log."""
    code = (code or "").strip()
    device = _totp_matches(user, code)
    if device is not None:
        security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_VERIFIED, request=request, user=user)
        return device
    device = _recovery_matches(user, code) if code else None
    if device is not None:
        left = device.token_set.count()
        security_event_record(
            kind=SecurityEvent.Kind.TWO_FACTOR_RECOVERY_USED, request=request, user=user, codes_left=left
        )
        return device
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED, request=request, user=user)
    return None


@transaction.atomic
def recovery_codes_renew(*, user, code: str, request=None) -> list[str]:
    """New recovery codes (the old ones stop working), after a current code."""
    if _totp_matches(user, code or "") is None:
        raise ValidationError({"code": _("That code does not match: type the 6 digits your app shows now.")})
    codes = _new_recovery_codes(user)
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_RECOVERY_RENEWED, request=request, user=user)
    return codes


@transaction.atomic
def two_factor_remove(*, user, code: str, request=None) -> None:
    """Remove the device and the recovery codes, after a current code (or a
    recovery code, for a lost phone). Staff set up a new device at once."""
    code = (code or "").strip()
    if _totp_matches(user, code) is None and _recovery_matches(user, code) is None:
        raise ValidationError({"code": _("That code does not match: type the 6 digits your app shows now.")})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_event_record(kind=SecurityEvent.Kind.TWO_FACTOR_REMOVED, request=request, user=user)
