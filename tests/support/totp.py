"""What an authenticator app would show, for tests (django-otp's own TOTP)."""

from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice) -> str:
    """The device's code for now, or for the next step when this one was already
    used (a used step is refused; the next one is within the device's tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + (step - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """The current code for a key as printed on the setup page (base32, spaces allowed)."""
    text = "".join(secret.split()).upper()
    return f"{TOTP(b32decode(text + '=' * (-len(text) % 8))).token():06d}"
