"""The suite's test client: ``force_login`` of a staff member also passes two-factor.

Staff must give a code after their password (``mvp_portal.accounts.two_factor``).
Hundreds of tests sign staff in with ``client.force_login(user)`` to test what
comes after; this client gives such a user a confirmed authenticator device and
marks the session verified, as the code page would. Tests about two-factor
itself sign in with ``force_login(user, verified=False)``.
"""

from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from mvp_portal.accounts.roles import Role


class Client(DjangoClient):
    def force_login(self, user, backend=None, *, verified: bool = True):
        super().force_login(user, backend)
        if verified and _is_staff(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


def _is_staff(user) -> bool:
    """``two_factor_required`` read fresh: a test may give roles after signing in,
    and the user object's cached roles must not be filled here."""
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=Role.values).exists()
