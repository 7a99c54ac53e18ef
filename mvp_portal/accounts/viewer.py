"""The signed-in viewer, kept in the shared cache until their rows are written.

Every signed-in request needs its viewer before any page: the account
(``AuthenticationMiddleware``), their roles (the two-factor rule, the navigation,
every access check) and whether the authenticator their session was verified
with is still theirs and confirmed (``django_otp``). Read from the database they
are three queries a request, and most of what a kept page costs
(``mvp_portal.kept_pages``). So they are kept, the account with its roles per
account and the authenticator's owner and confirmation per authenticator (reading
them again costs the queries it cost before), under the generation tokens of the
tables they are read from (``kept_pages.table_key``),
which every write to those tables replaces, in any process (the rule of
``kept_pages``): a role taken away, an account deactivated, a password changed
(which ends the other sessions), an authenticator removed or a sign-in recorded
takes effect on the next request, which reads them again.
``KEPT_PAGE_SECONDS`` bounds what the rule cannot see (a write made outside
Django); ``0`` reads them on every request.
"""

from __future__ import annotations

import functools
from contextlib import nullcontext

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY, device_classes
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from ..kept_pages import kept_over_tables, read_ahead
from .roles import role_names


@functools.cache
def viewer_tables() -> tuple[str, ...]:
    """The tables a viewer is read from: the accounts, role memberships and roles."""
    user_model = get_user_model()
    groups = user_model._meta.get_field("groups")
    return (user_model._meta.db_table, groups.remote_field.through._meta.db_table, groups.related_model._meta.db_table)


@functools.cache
def authenticator_tables() -> tuple[str, ...]:
    return tuple(sorted(model._meta.db_table for model in device_classes()))


def _viewer(user_id) -> tuple[str, tuple, tuple[str, ...]]:
    """Where the viewer ``user_id`` is kept: ``kept_over_tables``'s name, parts and tables."""
    return "viewer", (user_id,), viewer_tables()


def _authenticator(persistent_id: str) -> tuple[str, tuple, tuple[str, ...]]:
    return "authenticator", (persistent_id,), authenticator_tables()


def kept_viewer(user_id):
    """The account ``user_id`` with its roles read, from the shared cache while none of their
    tables has been written; None for no such account."""
    return kept_over_tables(*_viewer(user_id), functools.partial(_read_viewer, user_id))


def _read_viewer(user_id):
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    if user is not None:
        role_names(user)  # read now, kept on the object
    return user


def authenticator_of(persistent_id: str) -> tuple[int | None, bool]:
    """Whose the authenticator ``persistent_id`` is, and whether it is confirmed (None, False for
    none), from the shared cache while no authenticator has been written."""
    return kept_over_tables(*_authenticator(persistent_id), functools.partial(_read_authenticator, persistent_id))


def _read_authenticator(persistent_id: str) -> tuple[int | None, bool]:
    device = Device.from_persistent_id(persistent_id)
    return (device.user_id, device.confirmed) if device is not None else (None, False)


class ViewerBackend(ModelBackend):
    """Django's model backend, but a session's account is the kept viewer."""

    def get_user(self, user_id):
        user = kept_viewer(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ViewerOTPMiddleware(OTPMiddleware):
    """``django_otp``'s middleware, but whether the session's authenticator is the viewer's and
    confirmed is the kept answer (``authenticator_of``); the device itself is read only when a
    view uses it. Right after ``AuthenticationMiddleware``, so that it is first to ask for the
    viewer: the session names both the account and the authenticator, and both kept answers are
    read in one round trip."""

    def _verify_user_sync(self, request, user):
        with self._viewer_and_authenticator_read_ahead(request):
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
            if not persistent_id:
                return super()._verify_user_sync(request, user)
            self._init_user_fields(user)
            persistent_id = self._normalize_persistent_id(persistent_id)
            if authenticator_of(persistent_id) == (user.pk, True):
                user.otp_device = SimpleLazyObject(functools.partial(self._device_from_persistent_id, persistent_id))
            else:
                del request.session[DEVICE_ID_SESSION_KEY]
            return user

    def _viewer_and_authenticator_read_ahead(self, request):
        persistent_id, user_id = request.session.get(DEVICE_ID_SESSION_KEY), request.session.get(SESSION_KEY)
        if not (persistent_id and user_id):
            return nullcontext()
        try:  # as django.contrib.auth.get_user reads it
            user_id = get_user_model()._meta.pk.to_python(user_id)
        except ValidationError:
            return nullcontext()
        return read_ahead(_viewer(user_id), _authenticator(self._normalize_persistent_id(persistent_id)))
