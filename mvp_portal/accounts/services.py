"""Writes of the accounts kernel that are more than a form save."""

import hashlib
import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mvp_portal import public_cache
from mvp_portal.jobs.services import job_advance, job_finish, job_start
from mvp_portal.notices.services import NoticeLink, notice_enqueue

from .avatars import ProcessedAvatar
from .emails import canonical_email
from .models import Avatar, SecurityEvent, User
from .roles import Role, is_program_admin
from .signin import client_address, login_username

PASSWORD_RESET_LINK = "accounts.password-reset"  # noqa: S105 (a link kind, not a secret)


@transaction.atomic
def profile_save(*, form, identities) -> User:
    """Save a person's validated profile form and online identities (the opt-out
    from the directory is on it): what the public directory shows of them changes."""
    user = form.save()
    identities.save()
    public_cache.directory_changed()
    return user


@transaction.atomic
def avatar_save(*, user: User, photo: ProcessedAvatar, now: datetime) -> User:
    """Keep ``photo`` (made by ``avatars.process_upload``) as the person's profile
    photo, replacing any earlier one: a profile change like ``profile_save``, so
    the public directory's pages are refreshed by the same rule."""
    user = User.objects.select_for_update().get(pk=user.pk)
    Avatar.objects.update_or_create(
        user=user,
        defaults={
            "large": photo.large,
            "small": photo.small,
            "content_type": photo.content_type,
            "digest": photo.digest,
            "updated_at": now,
        },
    )
    user.avatar_digest = photo.digest
    user.save(update_fields=["avatar_digest"])
    public_cache.directory_changed()
    return user


@transaction.atomic
def avatar_remove(*, user: User) -> bool:
    """Remove the person's profile photo (their initials are shown again); False if there was none."""
    user = User.objects.select_for_update().get(pk=user.pk)
    deleted, _rows = Avatar.objects.filter(user=user).delete()
    if not deleted and not user.avatar_digest:
        return False
    user.avatar_digest = ""
    user.save(update_fields=["avatar_digest"])
    public_cache.directory_changed()
    return True


def password_reset_link(user_id: int) -> str | None:
    """The reset link of an active account, made now (the outbox stores none)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})


def password_reset_send(*, user: User) -> None:
    """Queue the reset e-mail; its link is written in when it is sent. Each
    request is its own e-mail (the key is unique per request, not per moment)."""
    notice_enqueue(
        key=f"accounts:password-reset:{user.pk}:{uuid.uuid4().hex}",
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


# The security event log -------------------------------------------------------------
def security_event_record(
    *, kind: str, request=None, user=None, actor=None, username: str = "", **details
) -> SecurityEvent:
    """Write one event of the security log, with the client's address and browser
    when there is a request. ``user`` is whose account it concerns, ``actor`` who
    acted when that is someone else (a program admin granting a role)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if not username and user is not None:
        username = user.email
    address = client_address(request) if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        username=login_username(username)[:254],
        client_address=address,
        user_agent=agent,
        details=details,
    )


def security_event_export(request, *, name: str) -> SecurityEvent:
    """One line for every export view: ``security_event_export(request, name=filename)``."""
    return security_event_record(
        kind=SecurityEvent.Kind.EXPORT_DOWNLOADED, request=request, user=request.user, name=name, path=request.path
    )


def security_events_purge(*, today: date) -> int:
    """Delete the events older than a year (``SecurityEvent.KEEP_DAYS``) before ``today``."""
    cutoff = datetime.combine(today - timedelta(days=SecurityEvent.KEEP_DAYS), time.min, tzinfo=UTC)
    deleted, _by_model = SecurityEvent.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# Roles -------------------------------------------------------------------------------
ROLE_REFUSAL = gettext_lazy("Only program admins change roles.")


@transaction.atomic
def role_change(*, actor, email: str, role: str, grant: bool, request=None) -> User:
    """Grant or revoke a role (Employee, MVP lead, Program admin), audited.

    Nobody changes their own roles (a program admin cannot make themselves
    anything more); Program admin comes with access to the admin (``is_staff``)
    and goes with it, unless the person is a superuser.
    """
    if not is_program_admin(actor):
        raise PermissionDenied(ROLE_REFUSAL)
    role = Role(role)
    person = User.objects.select_for_update().filter(email__iexact=login_username(email)).first()
    if person is None:
        raise ValidationError({"email": _("No account uses this address: the person signs up or is invited first.")})
    if person.pk == actor.pk:
        raise ValidationError({"email": _("You cannot change your own roles: ask another program admin.")})
    group = Group.objects.get(name=role)
    holds = person.groups.filter(pk=group.pk).exists()
    if grant and not holds:
        person.groups.add(group)
    elif not grant and holds:
        person.groups.remove(group)
    else:
        return person  # nothing to change, nothing to record
    if role == Role.PROGRAM_ADMIN and not person.is_superuser and person.is_staff != grant:
        person.is_staff = grant
        person.save(update_fields=["is_staff"])
    security_event_record(
        kind=SecurityEvent.Kind.ROLE_GRANTED if grant else SecurityEvent.Kind.ROLE_REVOKED,
        request=request,
        user=person,
        actor=actor,
        role=str(role),
    )
    return person


def language_choose(*, user: User, language: str) -> User:
    """The person's language: their pages and their e-mails from now on."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


# Leaving: deletion on request, after a grace period -------------------------------
DELETION_GRACE_DAYS = 14
FORMER_MEMBER = "A former member"


@transaction.atomic
def account_deletion_request(*, user, now: datetime, today: date) -> User:
    """The person asks to be deleted: the daily run erases them ``DELETION_GRACE_DAYS``
    from today unless they cancel. Asking again keeps the first date."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise ValidationError(_("This account is already erased."))
    if user.deletion_due_on is None:
        user.deletion_requested_at = now
        user.deletion_due_on = today + timedelta(days=DELETION_GRACE_DAYS)
        user.save(update_fields=["deletion_requested_at", "deletion_due_on"])
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.DELETION_REQUESTED, user=user, actor=user, username=user.email
        )
        notice_enqueue(
            key=f"accounts:deletion-requested:{user.pk}:{now.timestamp():.0f}",
            to=user,
            template="accounts/emails/deletion_requested",
            context={"user": user, "due_on": user.deletion_due_on},
        )
    return user


@transaction.atomic
def account_deletion_cancel(*, user, now: datetime) -> User:
    """The person changed their mind within the grace period."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deletion_due_on is None or user.erased_at is not None:
        raise ValidationError(_("There is no deletion request to cancel."))
    requested_at = user.deletion_requested_at
    user.deletion_requested_at = None
    user.deletion_due_on = None
    user.save(update_fields=["deletion_requested_at", "deletion_due_on"])
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.DELETION_CANCELLED, user=user, actor=user, username=user.email)
    notice_enqueue(
        key=f"accounts:deletion-cancelled:{user.pk}:{requested_at.timestamp():.0f}",
        to=user,
        template="accounts/emails/deletion_cancelled",
        context={"user": user},
    )
    return user


@transaction.atomic
def account_erase(*, user_id: int, now: datetime) -> bool:
    """Erase a person's personal data; their rows keep their shape, naming "a former member".

    Each app's registered eraser runs first (with the person still known), then
    the kernel's own data: profile, photo, links, roles, devices, sign-in, security
    events, notices. Returns False when already erased.
    """
    from django_otp import devices_for_user

    from mvp_portal.notices.services import notices_erase_for

    from .erasure import personal_data_erasers

    user = User.objects.select_for_update().filter(pk=user_id, erased_at__isnull=True).first()
    if user is None:
        return False
    for eraser in personal_data_erasers():
        eraser(user=user)
    notices_erase_for(user=user, email=f"erased-{user.pk}@erased.invalid")
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    user.online_identities.all().delete()
    Avatar.objects.filter(user=user).delete()
    user.avatar_digest = ""
    user.languages.clear()
    user.groups.clear()
    user.led_regions.clear()
    user.user_permissions.clear()
    SecurityEvent.objects.filter(user=user).update(username="", client_address=None, user_agent="", details={})
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = FORMER_MEMBER
    user.country = ""
    user.headline = ""
    user.biography = ""
    user.time_zone = ""
    user.language = ""
    user.show_in_directory = False
    user.show_in_alumni = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = now
    user.save()
    return True


DELETIONS_JOB = "account_deletions"


def account_deletions_carry_out(*, today: date, now: datetime | None = None) -> int:
    """The daily run's part: erase every account whose grace period ended by ``today``.

    A job of its own (``DELETIONS_JOB``, one per day), its progress moving with
    each account erased. No resumer of its own: it is a step of the daily run,
    which is resumed as a whole, and every erasure commits on its own and
    skips an account already erased, so a resumed run erases only the rest."""
    due = list(User.objects.filter(deletion_due_on__lte=today, erased_at__isnull=True).values_list("pk", flat=True))
    moment = now or timezone.now()
    ref = today.isoformat()
    job_start(kind=DELETIONS_JOB, ref=ref, label=f"Account deletions due by {ref}", total=len(due))
    erased = 0
    for done, pk in enumerate(due, start=1):
        erased += account_erase(user_id=pk, now=moment)
        job_advance(kind=DELETIONS_JOB, ref=ref, done=done)
    job_finish(kind=DELETIONS_JOB, ref=ref, done=len(due))
    return erased


# Online identities (the profile form's rules, for writers that are not the form) ------------
@transaction.atomic
def online_identity_save(*, user: User, kind: str, url: str, identity_id: int | None = None):
    """Add (or, with ``identity_id``, change) one of ``user``'s online identities.

    The profile form's rules: a web address of at most 500 characters, listed
    once per person, at most as many links as the form offers.
    """
    from django.core.validators import URLValidator

    from mvp_portal.validators import validate_web_url

    from .forms import OnlineIdentityFormSet
    from .models import OnlineIdentity

    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer of the person's links at a time
    url = (url or "").strip()
    problems = {}
    if kind not in OnlineIdentity.Kind.values:
        problems["kind"] = [_("Choose one of the kinds of link the profile offers.")]
    if not url:
        problems["url"] = [_("Give the link's web address.")]
    elif len(url) > 500:
        problems["url"] = [_("A web address has at most 500 characters.")]
    else:
        try:
            URLValidator()(url)
            validate_web_url(url)
        except ValidationError as exc:
            problems["url"] = exc.messages
    mine = OnlineIdentity.objects.filter(user=user)
    if "url" not in problems and mine.filter(url=url).exclude(pk=identity_id).exists():
        problems["url"] = [_("This link is already in your profile.")]
    if identity_id is None and mine.count() >= OnlineIdentityFormSet.max_num:
        problems.setdefault("url", []).append(
            _("A profile lists at most %(max)s links.") % {"max": OnlineIdentityFormSet.max_num}
        )
    if problems:
        raise ValidationError(problems)
    if identity_id is None:
        return OnlineIdentity.objects.create(user=user, kind=kind, url=url)
    identity = mine.get(pk=identity_id)
    identity.kind, identity.url = kind, url
    identity.save(update_fields=["kind", "url"])
    return identity


def online_identity_delete(*, user: User, identity_id: int) -> bool:
    """Remove one of ``user``'s online identities; False if there is no such one of theirs."""
    from .models import OnlineIdentity

    deleted, _rows = OnlineIdentity.objects.filter(user=user, pk=identity_id).delete()
    return bool(deleted)
