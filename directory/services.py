"""Every write of the directory app: the public pages after awards change, NDA acceptance, kit address,
kit shipping, the Summit."""

from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award
from awards.services import award_log_add_many
from mvp_portal import public_cache
from mvp_portal.attention import attention_changed
from mvp_portal.jobs.services import jobs_heartbeat
from mvp_portal.notices.models import Notice
from mvp_portal.notices.services import MailDate, PendingNotice, notice_enqueue, notices_enqueue_many
from mvp_portal.program_calendar import program_today
from mvp_portal.translated import shown_language

from . import selectors
from .models import AwardKit, NdaAcceptance, NdaVersion, Summit, SummitRegistration, SummitSession
from .selectors import has_accepted_summit_nda, is_summit_invitee, summit_invitees, summit_sessions_for

INVITATION_CHUNK = 1000  # summit invitations written per transaction


def public_directory_changed(*, today: date) -> None:
    """Awards changed (the daily run, an announcement): every public page is
    stale, and the front page's facet counts are counted again now, once the
    write commits, rather than by the next visitors."""
    public_cache.directory_changed()
    transaction.on_commit(lambda: facet_counts_precompute(today=today))


def facet_counts_precompute(*, today: date) -> selectors.FacetCounts:
    """Count the unfiltered facets of ``today`` and keep them under the current generation."""
    counts = selectors.count_facets(today=today, filters=selectors.DirectoryFilters())
    cache.set(selectors.facet_counts_key(today), counts, timeout=selectors.FACET_COUNTS_SECONDS)
    return counts


def nda_accept(*, user, version: NdaVersion, now: datetime, language: str = "") -> NdaAcceptance:
    """Record that ``user`` accepted ``version`` at ``now``, as shown in ``language`` (the page's;
    its text there, else the English one); accepting twice keeps the first time."""
    if version.published_at is None or version.published_at > now:
        raise ValidationError(_("This NDA version is not published."))
    shown_in = shown_language(version, "text", language or None)
    try:
        with transaction.atomic():
            acceptance, _created = NdaAcceptance.objects.get_or_create(
                user=user, version=version, defaults={"accepted_at": now, "language": shown_in}
            )
    except IntegrityError:  # accepted in a parallel request: the first acceptance stands
        acceptance = NdaAcceptance.objects.get(user=user, version=version)
    attention_changed(user.pk)
    return acceptance


@transaction.atomic
def award_kit_confirm_address(*, award: Award, shipping_address: str, now: datetime) -> AwardKit:
    """The MVP confirms (or corrects) where the certificate and trophy go, until it ships."""
    kit, _created = AwardKit.objects.get_or_create(award=award)
    kit = AwardKit.objects.select_for_update().get(pk=kit.pk)
    if kit.shipped_on:
        raise ValidationError(_("Your award kit has already been shipped; the address cannot change now."))
    address = shipping_address.strip()
    if not address:
        raise ValidationError(_("Please give the address the kit should be sent to."))
    kit.shipping_address = address
    kit.address_confirmed_at = now
    kit.save(update_fields=["shipping_address", "address_confirmed_at", "updated_at"])
    attention_changed(award.user_id)
    return kit


@transaction.atomic
def award_kit_ship(*, kit_id: int, shipped_on: date, carrier: str, carrier_reference: str = "") -> AwardKit:
    """Program admins record the shipping of a kit whose address is confirmed."""
    kit = AwardKit.objects.select_for_update().get(pk=kit_id)
    if not kit.address_confirmed_at:
        raise ValidationError(_("The MVP has not confirmed the shipping address yet."))
    kit.shipped_on = shipped_on
    kit.carrier = carrier
    kit.carrier_reference = carrier_reference
    kit.save(update_fields=["shipped_on", "carrier", "carrier_reference", "updated_at"])
    award_kit_notify_shipped(kit=kit)
    return kit


@transaction.atomic
def award_kits_ship(
    *, kit_ids, shipped_on: date, actor, today: date, carrier: str = "", tracking_note: str = ""
) -> list[int]:
    """Program admins mark a batch of kits shipped on ``shipped_on`` (with an
    optional carrier and tracking note); returns the ids this call marked.

    Only kits whose address is confirmed and that are not shipped yet: their
    rows are locked and the condition read again under the lock, so two admins
    marking the same batch at once mark (and log, and tell the MVP) each kit
    once — the second finds it shipped and leaves it."""
    if shipped_on > today:
        raise ValidationError({"shipped_on": _("A kit cannot have been shipped after today.")})
    kits = list(
        AwardKit.objects.select_for_update()
        .filter(pk__in=list(kit_ids), shipped_on__isnull=True, address_confirmed_at__isnull=False)
        .order_by("pk")
    )
    if not kits:
        return []
    carrier, tracking_note = carrier.strip(), tracking_note.strip()
    AwardKit.objects.filter(pk__in=[kit.pk for kit in kits]).update(
        shipped_on=shipped_on, carrier=carrier, carrier_reference=tracking_note, updated_at=timezone.now()
    )
    award_log_add_many(
        entries=[
            (
                kit.award_id,
                "kit_shipped",
                f"Award kit shipped on {shipped_on:%Y-%m-%d}"
                + (f" by {carrier}" if carrier else "")
                + (f" ({tracking_note})" if tracking_note else "")
                + ".",
                {"kit": kit.pk, "shipped_on": shipped_on.isoformat(), "carrier": carrier, "tracking": tracking_note},
            )
            for kit in kits
        ],
        actor=actor,
    )
    for kit in kits:
        kit.shipped_on, kit.carrier, kit.carrier_reference = shipped_on, carrier, tracking_note
        award_kit_notify_shipped(kit=kit)
    return [kit.pk for kit in kits]


def award_kit_notify_shipped(*, kit: AwardKit) -> None:
    """Tell the MVP their kit is on its way: once per kit and shipping date."""
    if not kit.shipped_on:
        return
    award = Award.objects.select_related("user", "expertise").get(pk=kit.award_id)
    notice_enqueue(
        key=f"directory:kit-shipped:{kit.pk}:{kit.shipped_on.isoformat()}",
        to=award.user,
        template="directory/emails/kit_shipped",
        context={"kit": kit, "award": award},
    )


# The Summit -------------------------------------------------------------------
def _summit_check(summit: Summit) -> None:
    errors = {}
    if summit.ends_on < summit.starts_on:
        errors["ends_on"] = _("The summit cannot end before it starts.")
    if summit.registration_closes_on < summit.registration_opens_on:
        errors["registration_closes_on"] = _("Registration cannot close before it opens.")
    elif summit.registration_closes_on > summit.starts_on:
        errors["registration_closes_on"] = _("Registration must close by the summit's first day.")
    if summit.nda_version_id and summit.nda_version.published_at is None:
        errors["nda_version"] = _("Choose a published NDA version.")
    if errors:
        raise ValidationError(errors)


def summit_save(*, summit: Summit, actor, today: date) -> Summit:
    """Create or change a summit (program admins). More seats move the waitlist up;
    invitations go out at once when registration is open (and daily after)."""
    _summit_check(summit)
    with transaction.atomic():
        if summit.pk is None:
            summit.created_by = actor
            summit.save()
        else:
            Summit.objects.select_for_update().filter(pk=summit.pk).first()
            summit.save()
            _summit_waitlist_move_up(summit)
        summit_invitations_send(summit=summit, today=today)
    return summit


def _summit_mail_context(summit: Summit, **more) -> dict:
    """What every summit mail says of its summit, its dates written once per language
    (``MailDate``), not by a template filter in each of the thousands of invitations."""
    return {
        "summit": summit,
        "summit_starts": MailDate(summit.starts_on),
        "summit_ends": MailDate(summit.ends_on),
        "summit_closes": MailDate(summit.registration_closes_on),
        **more,
    }


def summit_invitations_send(*, summit: Summit, today: date) -> int:
    """Invite, once each, everyone holding an award on the summit's first day,
    while registration is open. Run daily: newly awarded people are invited too."""
    if not summit.registration_open_on(today):
        return 0
    prefix = f"directory:summit-invite:{summit.pk}:"
    invited = {
        int(key.rsplit(":", 1)[1])
        for key in Notice.objects.filter(key__startswith=prefix).values_list("key", flat=True)
    }
    pending = [
        PendingNotice(
            key=f"{prefix}{person.pk}",
            to=person,
            template="directory/emails/summit_invitation",
            context=_summit_mail_context(summit),
        )
        for person in summit_invitees(summit).exclude(pk__in=invited)
    ]
    # In chunks, each written on its own (the keys make a repeated chunk a no-op), the daily run's
    # heartbeat moving between them: the day registration opens, every MVP is invited at once.
    sent = 0
    for start in range(0, len(pending), INVITATION_CHUNK):
        if start:
            jobs_heartbeat()
        with transaction.atomic():
            sent += len(notices_enqueue_many(pending[start : start + INVITATION_CHUNK]))
    return sent


def _summit_notify(registration: SummitRegistration, what: str) -> None:
    """Tell the person what happened to their registration, once per event."""
    notice_enqueue(
        key=f"directory:summit-{what}:{registration.pk}:{registration.queued_at.timestamp():.0f}",
        to=registration.user,
        template=f"directory/emails/summit_{what}",
        context=_summit_mail_context(registration.summit, registration=registration),
    )


def _summit_waitlist_move_up(summit: Summit) -> list[SummitRegistration]:
    """Seat the longest-waiting people while seats are free; the summit row is locked by the caller."""
    seated = summit.registrations.filter(state=SummitRegistration.State.REGISTERED).count()
    free = summit.capacity - seated
    if free <= 0:
        return []
    moved = list(
        summit.registrations.select_for_update()
        .filter(state=SummitRegistration.State.WAITLISTED)
        .select_related("user", "summit")
        .order_by("queued_at", "pk")[:free]
    )
    for registration in moved:
        registration.state = SummitRegistration.State.REGISTERED
        registration.save(update_fields=["state", "updated_at"])
        _summit_notify(registration, "moved_up")
    return moved


def summit_register(
    *,
    summit_id: int,
    user,
    sessions: list[SummitSession],
    dietary_needs: str = "",
    accessibility_needs: str = "",
    today: date,
    now: datetime,
) -> SummitRegistration:
    """Register ``user`` (or change their registration): a seat while there is
    one, else the waitlist. The summit row is locked, so concurrent
    registrations never seat more people than there are seats."""
    with transaction.atomic():
        summit = Summit.objects.select_for_update().select_related("nda_version").get(pk=summit_id)
        if not summit.registration_open_on(today):
            raise ValidationError(_("Registration for this summit is not open."))
        if not is_summit_invitee(user, summit):
            raise ValidationError(_("Only people holding an MVP award on the summit's dates may register."))
        if not has_accepted_summit_nda(user, summit):
            raise ValidationError(
                _("Registering requires accepting the NDA (version %(version)s or later) first.")
                % {"version": summit.nda_version.version}
            )
        allowed = set(summit_sessions_for(user, summit).values_list("pk", flat=True))
        if any(session.pk not in allowed for session in sessions):
            raise ValidationError({"sessions": _("Choose sessions of your expertise or for everyone.")})
        registration = SummitRegistration.objects.filter(summit=summit, user=user).first()
        joining = registration is None or registration.state == SummitRegistration.State.CANCELLED
        if registration is None:
            registration = SummitRegistration(summit=summit, user=user)
        if joining:
            seated = summit.registrations.filter(state=SummitRegistration.State.REGISTERED).count()
            registration.state = (
                SummitRegistration.State.REGISTERED if seated < summit.capacity else SummitRegistration.State.WAITLISTED
            )
            registration.queued_at = now
        registration.dietary_needs = dietary_needs.strip()
        registration.accessibility_needs = accessibility_needs.strip()
        registration.personal_data_erased_at = None
        registration.save()
        registration.sessions.set(sessions)
        if joining:
            _summit_notify(registration, registration.state)
    return registration


def summit_cancel(*, summit_id: int, user, today: date) -> SummitRegistration:
    """Give up a seat (or a place on the waitlist); a freed seat goes to the longest-waiting person."""
    with transaction.atomic():
        summit = Summit.objects.select_for_update().get(pk=summit_id)
        registration = (
            SummitRegistration.objects.select_for_update()
            .filter(summit=summit, user=user)
            .exclude(state=SummitRegistration.State.CANCELLED)
            .first()
        )
        if registration is None:
            raise ValidationError(_("You are not registered for this summit."))
        if today > summit.registration_closes_on:
            raise ValidationError(_("Registration has closed; please write to the program team to cancel."))
        registration.state = SummitRegistration.State.CANCELLED
        registration.save(update_fields=["state", "updated_at"])
        _summit_waitlist_move_up(summit)
    return registration


def summit_reminders_send(*, today: date) -> int:
    """Remind the registered people of a summit starting within ``Summit.REMINDER_DAYS`` (once each)."""
    soon = Summit.objects.filter(starts_on__gt=today, starts_on__lte=today + timedelta(days=Summit.REMINDER_DAYS))
    registrations = SummitRegistration.objects.filter(
        summit__in=soon, state=SummitRegistration.State.REGISTERED
    ).select_related("summit", "user")
    pending = [
        PendingNotice(
            key=f"directory:summit-reminder:{registration.pk}",
            to=registration.user,
            template="directory/emails/summit_reminder",
            context=_summit_mail_context(registration.summit, registration=registration),
        )
        for registration in registrations
    ]
    existing = set(Notice.objects.filter(key__in=[p.key for p in pending]).values_list("key", flat=True))
    return len(notices_enqueue_many([p for p in pending if p.key not in existing]))


def summit_personal_data_erase(*, today: date, now: datetime | None = None) -> int:
    """Erase dietary and accessibility needs ``Summit.PERSONAL_DATA_DAYS`` after a summit's last day."""
    return SummitRegistration.objects.filter(
        summit__ends_on__lte=today - timedelta(days=Summit.PERSONAL_DATA_DAYS), personal_data_erased_at__isnull=True
    ).update(dietary_needs="", accessibility_needs="", personal_data_erased_at=now or timezone.now())


def summits_daily(*, today: date) -> int:
    """The summit's part of the daily run: invitations, reminders, erasing needs after the event."""
    invited = sum(
        summit_invitations_send(summit=summit, today=today)
        for summit in Summit.objects.filter(registration_opens_on__lte=today, registration_closes_on__gte=today)
    )
    return invited + summit_reminders_send(today=today) + summit_personal_data_erase(today=today)


def summit_session_add(*, summit: Summit, title: str, expertise=None) -> SummitSession:
    return SummitSession.objects.create(summit=summit, title=title.strip(), expertise=expertise)


def directory_erase_person(*, user) -> None:
    """The directory's part of erasing a person (``accounts.erasure``): kit addresses
    and summit needs go; a seat they held is freed for the waitlist. NDA acceptances
    stay, as the record of a contract, naming the anonymised account."""
    AwardKit.objects.filter(award__user=user).update(shipping_address="")
    now = timezone.now()
    today = program_today(now)
    for registration in SummitRegistration.objects.filter(user=user).select_related("summit"):
        with transaction.atomic():
            summit = Summit.objects.select_for_update().get(pk=registration.summit_id)
            SummitRegistration.objects.filter(pk=registration.pk).update(
                state=SummitRegistration.State.CANCELLED,
                dietary_needs="",
                accessibility_needs="",
                personal_data_erased_at=now,
            )
            if summit.starts_on > today:
                _summit_waitlist_move_up(summit)
