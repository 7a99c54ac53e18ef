"""Every write of the API app: tokens, and activities through the nominations services.

Activities are written only by ``nominations.services.activity_save`` and
``activity_delete``, so every rule of the web form applies; what the API adds
is the 409s a client needs (a locked dossier, a duplicate) and the lock that
makes the duplicate check and the insert one step.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nominations import services as nomination_services
from nominations.models import Activity, Dossier

from .duplicates import duplicate_of
from .models import ApiToken
from .tokens import new_key_id, new_token, token_hash


# Tokens -------------------------------------------------------------------------
def token_create(*, user, name: str, scope: str, days: int, now: datetime) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and the only copy of its plain text."""
    name = (name or "").strip()
    problems = {}
    if not name:
        problems["name"] = _("Give the token a name that says what it is for.")
    if scope not in ApiToken.Scope.values:
        problems["scope"] = _("Choose “read” or “write”.")
    if not 1 <= days <= ApiToken.MAX_DAYS:
        problems["days"] = _("A token lives between 1 and %(max)s days.") % {"max": ApiToken.MAX_DAYS}
    if problems:
        raise ValidationError(problems)
    for _attempt in range(5):  # a clash of 8-character key ids is very unlikely; try again if it happens
        key_id = new_key_id()
        plain = new_token(key_id)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name[:100],
                    key_id=key_id,
                    secret_hash=token_hash(plain),
                    scope=scope,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
        except IntegrityError:
            continue
        return token, plain
    raise RuntimeError("could not find a free token key id")  # pragma: no cover


def token_revoke(*, token_id: int, actor, now: datetime) -> ApiToken:
    """Revoke one of ``actor``'s tokens (at once, for good). Revoking twice changes nothing."""
    token = ApiToken.objects.filter(pk=token_id, user=actor).first()
    if token is None:
        raise PermissionDenied(_("Only the owner of a token may revoke it."))
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def token_touch(*, token: ApiToken, now: datetime) -> None:
    """Record that ``token`` was used, at most once per ``TOUCH_EVERY`` (compare-and-set)."""
    if token.last_used_at is not None and now - token.last_used_at < ApiToken.TOUCH_EVERY:
        return
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - ApiToken.TOUCH_EVERY), pk=token.pk
    ).update(last_used_at=now)
    token.last_used_at = now


# Activities ----------------------------------------------------------------------
class DossierLocked(Exception):
    """The dossier is handed in (or decided): its activities cannot change."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "This dossier is %(state)s and locked: its activities can be changed again only if your "
            "MVP lead returns it to you."
        ) % {"state": self.dossier.get_state_display().lower()}


class DuplicateActivity(Exception):
    """The activity would duplicate one already in the dossier."""

    def __init__(self, existing_id: int):
        self.existing_id = existing_id
        super().__init__(existing_id)


def _locked_owned_dossier(*, dossier_id: int, actor) -> Dossier:
    dossier = Dossier.objects.select_for_update().get(pk=dossier_id)
    if dossier.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a dossier may change its activities."))
    if not dossier.is_editable:
        raise DossierLocked(dossier)
    return dossier


@transaction.atomic
def activity_create(*, actor, dossier_id: int, today: date, **fields) -> Activity:
    """Add an activity unless the dossier is locked or already holds the same one.

    The dossier row is locked first, so that two identical requests at the
    same moment make one activity and one 409.
    """
    _locked_owned_dossier(dossier_id=dossier_id, actor=actor)
    existing = duplicate_of(
        dossier_id=dossier_id,
        activity_type=fields.get("activity_type"),
        url=fields.get("url") or "",
        title=fields["title"],
        started_on=fields["started_on"],
    )
    if existing is not None:
        raise DuplicateActivity(existing)
    return nomination_services.activity_save(dossier_id=dossier_id, actor=actor, today=today, **fields)


@transaction.atomic
def activity_update(*, actor, activity: Activity, today: date, **fields) -> Activity:
    _locked_owned_dossier(dossier_id=activity.dossier_id, actor=actor)
    return nomination_services.activity_save(
        dossier_id=activity.dossier_id, actor=actor, today=today, activity_id=activity.pk, **fields
    )


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _locked_owned_dossier(dossier_id=activity.dossier_id, actor=actor)
    nomination_services.activity_delete(activity_id=activity.pk, actor=actor)
